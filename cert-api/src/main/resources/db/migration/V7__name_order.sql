-- Lists order and match names byte by byte (collation "C"), whatever the database's collation:
-- one index then serves a name-prefix filter and the order of its pages together.
drop index if exists certificate_name_pattern;
create index certificate_name_c on certificate ((name collate "C"));
