//! Sending the planned requests, a bounded number at once.

use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, COOKIE};

use super::CONCURRENCY;
use super::model::{Planned, Sender, World};

pub(super) enum Outcome {
    Answered(StatusCode, String),
    Failed(String),
}

/// Sends a request; one that got no answer at all is sent once more (`true`), so that a connection
/// closed by a busy machine is not taken for the app's failure: an input that breaks the app fails
/// twice.
async fn send(world: &World, planned: &Planned) -> (Outcome, bool) {
    let first = send_once(world, planned).await;
    match first {
        Outcome::Failed(_) => (send_once(world, planned).await, true),
        answered => (answered, false),
    }
}

async fn send_once(world: &World, planned: &Planned) -> Outcome {
    let url = format!("{}{}", world.address, planned.path_and_query);
    let mut request = match planned.sender {
        Sender::Session(i) => world.sessions[i]
            .client
            .request(planned.method.clone(), &url),
        Sender::Throwaway(i) => world
            .bare
            .request(planned.method.clone(), &url)
            .header(COOKIE, &world.throwaway[i].0),
    };
    request = request.timeout(Duration::from_secs(60));
    if let Some(ct) = planned.content_type {
        request = request.header(CONTENT_TYPE, ct);
    }
    if let Some(body) = &planned.body {
        request = request.body(body.clone());
    }
    let response = match request.send().await {
        Ok(r) => r,
        Err(e) => {
            return Outcome::Failed(format!("no answer: {}", error_chain(&e.without_url())));
        }
    };
    let status = response.status();
    match response.bytes().await {
        Ok(body) => Outcome::Answered(status, String::from_utf8_lossy(&body).into_owned()),
        Err(e) => Outcome::Failed(format!(
            "answer {status} cut off: {}",
            error_chain(&e.without_url())
        )),
    }
}

/// Sends a batch, `CONCURRENCY` requests at a time.
pub(super) async fn send_all(
    world: Arc<World>,
    batch: Vec<Planned>,
) -> Vec<(Planned, Outcome, bool)> {
    let world = &world;
    futures_util::stream::iter(batch)
        .map(|planned| async move {
            let (outcome, retried) = send(world, &planned).await;
            (planned, outcome, retried)
        })
        .buffer_unordered(CONCURRENCY)
        .collect()
        .await
}

/// An error with its causes.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        out.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    out
}
