-- Issue 20, item 14: session tokens are stored hashed (src/server/auth/hashed-session-tokens.ts).
-- Existing sessions are kept: each plain token (32 characters) becomes its SHA-256 in hex (64), the
-- form the app now looks up, so nobody is signed out. Rows already hashed (64 hex) are left alone.
UPDATE "session" SET "token" = encode(sha256(convert_to("token", 'UTF8')), 'hex') WHERE "token" !~ '^[0-9a-f]{64}$';
