DROP TABLE partnership_requests;
