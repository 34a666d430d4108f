-- The order's public key (base64 DER): an issued certificate is matched to it by comparing bytes,
-- not by a signature probe with the private key.
alter table acme_order add column public_key text;
