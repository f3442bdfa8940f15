-- AlterTable
ALTER TABLE "Call" ADD COLUMN     "recordingPaused" BOOLEAN NOT NULL DEFAULT false;
