-- API users: passwords hashed with argon2 (functions.api.auth), roles viewer and admin.
-- depends: 0001.initial-schema

CREATE TABLE users (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username       text        NOT NULL UNIQUE CHECK (length(username) BETWEEN 1 AND 100),
    password_hash  text        NOT NULL,
    role           text        NOT NULL CHECK (role IN ('viewer', 'admin')),
    disabled       boolean     NOT NULL DEFAULT false,
    created_at     timestamptz NOT NULL DEFAULT now()
);
