-- The web app's sessions, kept on the server: the browser's cookie holds only a random session id
-- (signed), so ending a session here (logout, a new password, `coachloop users sessions --revoke`)
-- ends it for every copy of the cookie. The id itself is never stored, only its sha256: whoever
-- reads the database (or a snapshot) cannot open a session with what is here.

CREATE TABLE web_sessions (
    id_sha256      VARCHAR PRIMARY KEY,
    user_id        VARCHAR,             -- NULL until a login (the login form's CSRF token)
    data           JSON NOT NULL,       -- what the app keeps per session: role, CSRF token, flash
    created_at     TIMESTAMP NOT NULL,  -- UTC
    last_seen_at   TIMESTAMP NOT NULL,  -- UTC, refreshed at most once a minute
    expires_at     TIMESTAMP NOT NULL,  -- UTC: last_seen_at plus the app's session lifetime
    client_address VARCHAR,
    user_agent     VARCHAR
);
CREATE INDEX web_sessions_user ON web_sessions (user_id);
