-- A caller on hold or being transferred still holds their agent (a separate migration: PostgreSQL cannot
-- use enum values added in the same transaction).
DROP INDEX "Call_agentId_active_key";
CREATE UNIQUE INDEX "Call_agentId_active_key" ON "Call"("agentId") WHERE "status" IN ('offered', 'connecting', 'dialing', 'ringing', 'in_progress', 'on_hold', 'transferring');
