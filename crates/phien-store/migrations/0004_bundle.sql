-- Schema 4: file bundles (USB stick) for communes with no signal.

-- The seed of the Ed25519 key this device signs its bundles with (hex); the
-- server holds only the public half.
ALTER TABLE sync_link ADD COLUMN bundle_secret TEXT;
-- The server's public key (hex): a bundle reply counts only if it signed it.
ALTER TABLE sync_link ADD COLUMN server_key TEXT;
