-- AlterTable
ALTER TABLE "OutboxJob" DROP COLUMN "payload";

-- CreateTable
CREATE TABLE "Connection" (
    "id" TEXT NOT NULL,
    "agentId" INTEGER NOT NULL,
    "instanceId" TEXT NOT NULL,
    "openedAt" TIMESTAMP(3) NOT NULL,
    "seenAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Connection_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Connection_agentId_seenAt_idx" ON "Connection"("agentId", "seenAt");

-- CreateIndex
CREATE INDEX "Connection_instanceId_idx" ON "Connection"("instanceId");

-- AddForeignKey
ALTER TABLE "Connection" ADD CONSTRAINT "Connection_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- An agent holds at most one active call: routing and dialing out may race (several instances), the database decides.
-- The Prisma schema cannot express a partial index, and the migration diff leaves this one alone.
CREATE UNIQUE INDEX "Call_agentId_active_key" ON "Call"("agentId") WHERE "status" IN ('offered', 'connecting', 'dialing', 'ringing', 'in_progress');
