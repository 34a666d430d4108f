-- What lists, filters, alert scans and agent overviews need of the current version, kept on the
-- certificate row so that each is an indexed query instead of a join over every version.
alter table certificate add column not_before timestamptz;
alter table certificate add column not_after timestamptz;
-- From when the certificate counts as expiring (ValidityRules.expiringWithin).
alter table certificate add column expiring_at timestamptz;
-- From when the alert scan must look at it: the earliest of expiring and renewal overdue.
alter table certificate add column alert_at timestamptz;
-- The first issuer in the chain to expire, when the chain has one.
alter table certificate add column issuer_not_after timestamptz;
-- Where the current bundle (or settings) was last published on the certificates topic: a node
-- that has read past this offset on this partition serves the current state.
alter table certificate add column published_partition integer;
alter table certificate add column published_offset bigint;
alter table certificate add column published_at timestamptz;
-- The served names as an array, for the domain filter (exact name or a covering wildcard).
alter table certificate add column domain_set text[] generated always as (string_to_array(domains, ',')) stored;

update certificate c set not_before = v.not_before, not_after = v.not_after
  from certificate_version v where v.certificate_id = c.id and v.version = c.current_version;

create index certificate_not_after on certificate(not_after, name);
create index certificate_expiring_at on certificate(expiring_at);
create index certificate_alert_at on certificate(alert_at);
create index certificate_issuer_not_after on certificate(issuer_not_after) where issuer_not_after is not null;
create index certificate_domain_set on certificate using gin (domain_set);
create index certificate_published on certificate(published_partition, published_offset);
create index certificate_unpublished on certificate(id) where published_offset is null;
create index certificate_failed on certificate(name) where current_version is null;
-- Name prefix search independent of the database's collation.
create index certificate_name_pattern on certificate(name text_pattern_ops);
