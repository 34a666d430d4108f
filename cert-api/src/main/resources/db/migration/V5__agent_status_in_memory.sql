-- The agents' reports are read from the compacted agent-status topic by every cert-api replica
-- and kept in memory; the table was a second copy written several times a second.
drop table agent_status;
