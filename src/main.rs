//! The `partnerdesk` command: serve, migrate, demo, org add, user add, import, backup, restore.

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use partnerdesk::auth::password::PasswordHasher;
use partnerdesk::config::{LogFormat, Secret, Settings};
use partnerdesk::demo::{self, DemoOutcome, DemoScale};
use partnerdesk::domain::accounts::{self, NewUserError};
use partnerdesk::domain::organizations::{self, AddError, PartnerInput};
use partnerdesk::i18n::Lang;
use partnerdesk::startup::{Application, open_database_for_command};
use rand::RngCore;

/// jemalloc rather than the system allocator: it gives freed memory back, where glibc's
/// per-thread arenas kept a busy server at three times the resident memory.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

#[derive(Parser)]
#[command(
    name = "partnerdesk",
    version = partnerdesk::version::DESCRIBED,
    about = "Partner portal: designated support contacts for the cloud-reseller channel"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Apply pending migrations, then serve.
    Serve {
        /// Address to listen on (default from configuration: 127.0.0.1:8080).
        #[arg(long)]
        bind: Option<String>,
        /// Load the demo data into an empty database first, and allow a generated session key.
        #[arg(long)]
        demo: bool,
        /// With --demo: the cast plus this many generated customers of Contoso (with 297 more
        /// resellers and a year of history) instead of the standard 200.
        #[arg(long, requires = "demo", value_parser = customer_count)]
        customers: Option<usize>,
    },
    /// Apply pending migrations and exit.
    Migrate {
        /// List the applied and pending migrations instead; apply nothing.
        #[arg(long)]
        status: bool,
    },
    /// Copy the SQLite database, consistently, while it serves (on PostgreSQL: use pg_dump).
    Backup {
        /// The copy to write; must not exist.
        file: PathBuf,
    },
    /// Replace the SQLite database with a backup; stop the server first.
    Restore {
        /// A backup made by `partnerdesk backup`.
        file: PathBuf,
    },
    /// Apply pending migrations, load the demo data into an empty database, and exit.
    Demo {
        /// The cast plus this many generated customers of Contoso (with 297 more resellers and a
        /// year of history) instead of the standard 200.
        #[arg(long, value_parser = customer_count)]
        customers: Option<usize>,
    },
    /// Manage organizations.
    Org {
        #[command(subcommand)]
        command: OrgCommand,
    },
    /// Manage users.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Import customers or subscriptions from a CSV file (docs/import.md): all rows or none.
    Import(partnerdesk::ops::import::ImportArgs),
}

#[derive(Subcommand)]
enum OrgCommand {
    /// Add a partner organization (then `user add` for its first Global admin).
    Add {
        /// indirect_provider, direct_bill or indirect_reseller.
        #[arg(long)]
        kind: String,
        /// Organization name, as customers see it.
        #[arg(long)]
        name: String,
        /// PartnerID (MPN ID): 6 or 7 digits.
        #[arg(long)]
        partner_id: String,
        /// The organization's own tenant id (a GUID).
        #[arg(long)]
        tenant_id: String,
        /// Two-letter country code (ISO 3166), like PL.
        #[arg(long)]
        country: String,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create a user; the password is read from standard input.
    Add {
        /// Sign-in email.
        #[arg(long)]
        email: String,
        /// The organization: a partner's PartnerID or a customer's tenant id.
        #[arg(long)]
        org: String,
        /// global_admin, admin_agent, helpdesk_agent, sales_agent, billing_admin (partners);
        /// global_admin, billing_admin, user (customers).
        #[arg(long)]
        role: String,
        /// Display name (default: the email).
        #[arg(long)]
        name: Option<String>,
    },
}

/// `--customers`: a whole number up to the generator's limit.
fn customer_count(raw: &str) -> Result<usize, String> {
    let n: usize = raw
        .parse()
        .map_err(|_| format!("{raw:?} is not a number of customers"))?;
    if n > demo::MAX_GENERATED_CUSTOMERS {
        return Err(format!(
            "at most {} generated customers",
            demo::MAX_GENERATED_CUSTOMERS
        ));
    }
    Ok(n)
}

fn scale(customers: Option<usize>) -> DemoScale {
    customers.map_or(DemoScale::Standard, |customers| DemoScale::Large {
        customers,
    })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("partnerdesk: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let mut settings = Settings::load()?;
    start_logging(settings.log_format);
    match cli.command {
        Command::Migrate { status: true } => {
            let status = partnerdesk::ops::migration_status(&settings)?;
            print!("{}", partnerdesk::ops::describe_migration_status(&status));
            Ok(())
        }
        Command::Backup { file } => {
            let report = partnerdesk::ops::backup(&settings, &file)?;
            println!(
                "backed up {} to {} ({} bytes)",
                report.database.display(),
                file.display(),
                report.bytes
            );
            Ok(())
        }
        Command::Restore { file } => {
            let report = partnerdesk::ops::restore(&settings, &file)?;
            println!(
                "restored {} from {}",
                report.database.display(),
                file.display()
            );
            if report.pending > 0 {
                println!(
                    "{} migrations pending: `partnerdesk migrate` applies them (`serve` does too, at start)",
                    report.pending
                );
            }
            Ok(())
        }
        Command::Migrate { status: false } => {
            open_database_for_command(&settings)?;
            println!("migrations applied");
            Ok(())
        }
        Command::Demo { customers } => {
            let db = open_database_for_command(&settings)?;
            let hasher = PasswordHasher::new(settings.argon2)?;
            let started = std::time::Instant::now();
            let outcome = demo::load_scaled(
                &mut *db.get()?,
                &|password| hasher.hash(password),
                scale(customers),
            )?;
            report(outcome);
            if let DemoOutcome::Loaded(_) = outcome {
                println!("in {:.1} s.", started.elapsed().as_secs_f64());
            }
            Ok(())
        }
        Command::Serve {
            bind,
            demo,
            customers,
        } => {
            if let Some(bind) = bind {
                settings.bind = bind;
            }
            if demo {
                prepare_demo_settings(&mut settings);
            } else if settings.session_key.is_none() {
                anyhow::bail!(
                    "PARTNERDESK_SESSION_KEY is required: 64 random bytes, hex-encoded (e.g. `openssl rand -hex 64`). \
                     Only `serve --demo` generates one."
                );
            }
            serve(settings, demo.then(|| scale(customers)))
        }
        Command::Org {
            command:
                OrgCommand::Add {
                    kind,
                    name,
                    partner_id,
                    tenant_id,
                    country,
                },
        } => {
            let db = open_database_for_command(&settings)?;
            let input = PartnerInput {
                kind: &kind,
                name: &name,
                partner_id: &partner_id,
                tenant_id: &tenant_id,
                country: &country,
            };
            match organizations::add_partner(&mut *db.get()?, &input, None) {
                Ok(id) => {
                    println!(
                        "added {} ({kind}, PartnerID {}, {id}); next: `partnerdesk user add --org {} --role global_admin --email …`",
                        name.trim(),
                        partner_id.trim(),
                        partner_id.trim()
                    );
                    Ok(())
                }
                Err(AddError::Invalid(why)) => {
                    let why: Vec<String> = why.iter().map(ToString::to_string).collect();
                    anyhow::bail!("organization not added: {}", why.join("; "))
                }
                Err(AddError::App(e)) => Err(anyhow::anyhow!("organization not added: {e}")),
            }
        }
        Command::Import(args) => partnerdesk::ops::import::command(&settings, &args),
        Command::User {
            command:
                UserCommand::Add {
                    email,
                    org,
                    role,
                    name,
                },
        } => {
            let mut password = String::new();
            std::io::stdin().read_to_string(&mut password)?;
            let password = password.trim_end_matches(['\r', '\n']);
            let db = open_database_for_command(&settings)?;
            let hasher = PasswordHasher::new(settings.argon2)?;
            let mut conn = db.get()?;
            match accounts::add_user(
                &mut conn,
                &hasher,
                &email,
                name.as_deref(),
                &org,
                &role,
                password,
            ) {
                Ok(id) => {
                    println!("created user {email} ({id})");
                    Ok(())
                }
                Err(NewUserError::Invalid(why)) => anyhow::bail!("user not created: {why}"),
                Err(NewUserError::App(e)) => Err(anyhow::anyhow!("user not created: {e}")),
            }
        }
    }
}

/// Log lines go to standard output, at `RUST_LOG`'s levels (default `info`), as text or as one
/// JSON object a line. The settings come first, so a configuration error is told without them.
fn start_logging(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    // Colours only on a terminal: a journal or a log file would keep the escape codes.
    let lines = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stdout()));
    match format {
        LogFormat::Text => lines.init(),
        // The event's own fields at the top level, the request's (request_id, method, route,
        // user_id) under "span"; the enclosing spans' list is left out, the request is the only one.
        LogFormat::Json => lines
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .init(),
    }
}

/// `--demo` runs on plain HTTP on a developer's machine: a generated session key and, unless
/// configured otherwise, cookies without the Secure flag.
fn prepare_demo_settings(settings: &mut Settings) {
    if settings.session_key.is_none() {
        let mut key = [0u8; 64];
        rand::rng().fill_bytes(&mut key);
        settings.session_key = Some(Secret::new(hex::encode(key)));
    }
    if settings.cookie_secure.is_none() {
        settings.cookie_secure = Some(false);
    }
}

/// Says what loading the demo data did.
fn report(outcome: DemoOutcome) {
    match outcome {
        DemoOutcome::Loaded(n) => {
            println!(
                "Demo data loaded: {} partners, {} customers, {} relationships, {} subscriptions, \
                 {} audit events, {} users.",
                n.partners, n.customers, n.relationships, n.subscriptions, n.audit_events, n.users
            );
        }
        DemoOutcome::AlreadyLoaded => println!("Demo data already present: nothing loaded."),
        DemoOutcome::NotEmpty => {
            println!("The database holds other data: demo data not loaded.")
        }
    }
}

#[actix_web::main]
async fn serve(settings: Settings, demo: Option<DemoScale>) -> anyhow::Result<()> {
    let argon2 = settings.argon2;
    // Bound but not answering yet: the demo data is in before the first request is.
    let app = Application::build(settings)?;
    if let Some(scale) = demo {
        let hasher = PasswordHasher::new(argon2)?;
        let loader = app.db();
        let outcome = partnerdesk::blocking::run(move || -> anyhow::Result<DemoOutcome> {
            let mut conn = loader.get()?;
            demo::load_scaled(&mut conn, &|password| hasher.hash(password), scale)
        })
        .await?;
        report(outcome);
    }
    let address = app.address();
    // A log line, not a print: with `log_format = "json"` every line of the output is JSON.
    tracing::info!("partnerdesk is listening on http://{address}");
    if demo.is_some() {
        println!(
            "Sign in with any of these (password: {}):",
            demo::DEMO_PASSWORD
        );
        for user in demo::demo_users() {
            let role = Lang::En.t(user.role.label_key());
            println!("  {:<32} {role:<16} {}", user.email, user.organization);
        }
    }
    app.run_until_stopped().await?;
    // SIGTERM: the requests in flight have finished (or shutdown_timeout_secs ran out) and the
    // workers, which held the pool, are gone.
    tracing::info!("partnerdesk stopped");
    Ok(())
}
