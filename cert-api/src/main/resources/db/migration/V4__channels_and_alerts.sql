-- Notification channels; the URL (chat webhooks carry their token in it) and the secret sealed.
create table channel (
    name          varchar(64)   primary key,
    type          varchar(16)   not null,
    sealed_url    text          not null,
    sealed_secret text,
    categories    text          not null default '',
    enabled       boolean       not null default true,
    created_at    timestamptz   not null,
    updated_at    timestamptz   not null
);

-- Every alert raised, and what became of each delivery attempt (reported by the notifier).
create table alert (
    id            uuid          primary key,
    certificate   varchar(255)  not null,
    category      varchar(32)   not null,
    level         varchar(16)   not null,
    message       text          not null,
    channel       varchar(64),
    occurred_at   timestamptz   not null
);
create index alert_certificate on alert(certificate, occurred_at desc);
create index alert_recent on alert(occurred_at desc);

create table alert_delivery (
    alert_id      uuid          not null,
    channel       varchar(64)   not null,
    attempt       integer       not null,
    outcome       varchar(16)   not null,
    detail        text,
    at            timestamptz   not null,
    primary key (alert_id, channel, attempt)
);

-- The problems alerted now, one row per certificate, category and subject (an agent, or ''), so
-- that each is raised once per change of state whatever the number of cert-api replicas.
create table alert_state (
    certificate   varchar(255)  not null,
    category      varchar(32)   not null,
    subject       varchar(255)  not null default '',
    tier          varchar(32)   not null,
    raised_at     timestamptz   not null,
    reminded_at   timestamptz   not null,
    primary key (certificate, category, subject)
);
