DROP TABLE import_upload_chunks;
DROP TABLE import_uploads;
