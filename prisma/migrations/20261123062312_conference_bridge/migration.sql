-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "CallStatus" ADD VALUE 'on_hold';
ALTER TYPE "CallStatus" ADD VALUE 'transferring';

-- AlterTable
ALTER TABLE "Call" ADD COLUMN     "agentCallSid" TEXT,
ADD COLUMN     "conferenceSid" TEXT,
ADD COLUMN     "heldAt" TIMESTAMP(3),
ADD COLUMN     "transferToId" INTEGER;

-- AddForeignKey
ALTER TABLE "Call" ADD CONSTRAINT "Call_transferToId_fkey" FOREIGN KEY ("transferToId") REFERENCES "Agent"("id") ON DELETE SET NULL ON UPDATE CASCADE;
