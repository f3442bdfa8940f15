-- An agent consulting a colleague before a warm transfer still holds the call (a separate migration: the
-- enum value it names was added in the previous one).
DROP INDEX "Call_agentId_active_key";
CREATE UNIQUE INDEX "Call_agentId_active_key" ON "Call"("agentId") WHERE "status" IN ('offered', 'connecting', 'dialing', 'ringing', 'in_progress', 'on_hold', 'transferring', 'consulting');
