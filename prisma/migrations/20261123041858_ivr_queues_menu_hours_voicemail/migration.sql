-- CreateEnum
CREATE TYPE "OverflowAction" AS ENUM ('voicemail', 'callback');

-- CreateEnum
CREATE TYPE "MenuAction" AS ENUM ('queue', 'voicemail');

-- CreateEnum
CREATE TYPE "HoursOverride" AS ENUM ('open', 'closed');

-- CreateEnum
CREATE TYPE "MissedCallKind" AS ENUM ('abandoned', 'voicemail', 'callback');

-- CreateEnum
CREATE TYPE "MissedCallStatus" AS ENUM ('open', 'done', 'dismissed');

-- CreateEnum
CREATE TYPE "RecordingKind" AS ENUM ('call', 'voicemail');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "CallStatus" ADD VALUE 'in_menu';
ALTER TYPE "CallStatus" ADD VALUE 'voicemail';
ALTER TYPE "CallStatus" ADD VALUE 'recording_voicemail';
ALTER TYPE "CallStatus" ADD VALUE 'callback_requested';

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "EndReason" ADD VALUE 'voicemail';
ALTER TYPE "EndReason" ADD VALUE 'callback';

-- AlterTable
ALTER TABLE "Call" ADD COLUMN     "queueId" INTEGER;

-- CreateTable
CREATE TABLE "Queue" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "greeting" TEXT NOT NULL,
    "holdMusicUrl" TEXT NOT NULL,
    "maxWaitSeconds" INTEGER NOT NULL,
    "overflowAction" "OverflowAction" NOT NULL DEFAULT 'voicemail',
    "announceEverySeconds" INTEGER NOT NULL DEFAULT 60,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Queue_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QueueMember" (
    "queueId" INTEGER NOT NULL,
    "agentId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "QueueMember_pkey" PRIMARY KEY ("queueId","agentId")
);

-- CreateTable
CREATE TABLE "Menu" (
    "id" SERIAL NOT NULL,
    "number" TEXT NOT NULL,
    "greeting" TEXT NOT NULL,
    "fallbackAction" "MenuAction" NOT NULL,
    "fallbackQueueId" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Menu_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MenuOption" (
    "id" SERIAL NOT NULL,
    "menuId" INTEGER NOT NULL,
    "digit" TEXT NOT NULL,
    "action" "MenuAction" NOT NULL,
    "queueId" INTEGER NOT NULL,
    "keywords" TEXT[],

    CONSTRAINT "MenuOption_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BusinessHours" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "timeZone" TEXT NOT NULL,
    "override" "HoursOverride",
    "afterHoursMessage" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BusinessHours_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OpeningHours" (
    "weekday" INTEGER NOT NULL,
    "opensAt" INTEGER NOT NULL,
    "closesAt" INTEGER NOT NULL,

    CONSTRAINT "OpeningHours_pkey" PRIMARY KEY ("weekday")
);

-- CreateTable
CREATE TABLE "Holiday" (
    "date" TEXT NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "Holiday_pkey" PRIMARY KEY ("date")
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" SERIAL NOT NULL,
    "agentId" INTEGER,
    "action" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "changes" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MissedCall" (
    "id" SERIAL NOT NULL,
    "kind" "MissedCallKind" NOT NULL,
    "status" "MissedCallStatus" NOT NULL DEFAULT 'open',
    "callId" INTEGER NOT NULL,
    "queueId" INTEGER,
    "from" TEXT NOT NULL,
    "callerName" TEXT,
    "waitSeconds" INTEGER NOT NULL,
    "reason" TEXT,
    "closedById" INTEGER,
    "closedByCallId" INTEGER,
    "closedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MissedCall_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Recording" (
    "id" SERIAL NOT NULL,
    "callId" INTEGER NOT NULL,
    "twilioSid" TEXT NOT NULL,
    "kind" "RecordingKind" NOT NULL,
    "status" TEXT NOT NULL,
    "durationSeconds" INTEGER,
    "mediaUrl" TEXT NOT NULL,
    "transcript" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Recording_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Queue_name_key" ON "Queue"("name");

-- CreateIndex
CREATE INDEX "QueueMember_agentId_idx" ON "QueueMember"("agentId");

-- CreateIndex
CREATE UNIQUE INDEX "Menu_number_key" ON "Menu"("number");

-- CreateIndex
CREATE UNIQUE INDEX "MenuOption_menuId_digit_key" ON "MenuOption"("menuId", "digit");

-- CreateIndex
CREATE INDEX "AuditEntry_createdAt_idx" ON "AuditEntry"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "MissedCall_callId_key" ON "MissedCall"("callId");

-- CreateIndex
CREATE INDEX "MissedCall_status_queueId_createdAt_idx" ON "MissedCall"("status", "queueId", "createdAt");

-- CreateIndex
CREATE INDEX "MissedCall_from_status_idx" ON "MissedCall"("from", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Recording_twilioSid_key" ON "Recording"("twilioSid");

-- CreateIndex
CREATE INDEX "Recording_callId_idx" ON "Recording"("callId");

-- CreateIndex
CREATE INDEX "Call_queueId_status_idx" ON "Call"("queueId", "status");

-- AddForeignKey
ALTER TABLE "Call" ADD CONSTRAINT "Call_queueId_fkey" FOREIGN KEY ("queueId") REFERENCES "Queue"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QueueMember" ADD CONSTRAINT "QueueMember_queueId_fkey" FOREIGN KEY ("queueId") REFERENCES "Queue"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QueueMember" ADD CONSTRAINT "QueueMember_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Menu" ADD CONSTRAINT "Menu_fallbackQueueId_fkey" FOREIGN KEY ("fallbackQueueId") REFERENCES "Queue"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MenuOption" ADD CONSTRAINT "MenuOption_menuId_fkey" FOREIGN KEY ("menuId") REFERENCES "Menu"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MenuOption" ADD CONSTRAINT "MenuOption_queueId_fkey" FOREIGN KEY ("queueId") REFERENCES "Queue"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEntry" ADD CONSTRAINT "AuditEntry_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MissedCall" ADD CONSTRAINT "MissedCall_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MissedCall" ADD CONSTRAINT "MissedCall_closedByCallId_fkey" FOREIGN KEY ("closedByCallId") REFERENCES "Call"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MissedCall" ADD CONSTRAINT "MissedCall_queueId_fkey" FOREIGN KEY ("queueId") REFERENCES "Queue"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MissedCall" ADD CONSTRAINT "MissedCall_closedById_fkey" FOREIGN KEY ("closedById") REFERENCES "Agent"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Recording" ADD CONSTRAINT "Recording_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call"("id") ON DELETE CASCADE ON UPDATE CASCADE;
