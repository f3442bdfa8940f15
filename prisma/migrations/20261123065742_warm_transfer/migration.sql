-- AlterEnum
ALTER TYPE "CallStatus" ADD VALUE 'consulting';

-- AlterTable
ALTER TABLE "Call" ADD COLUMN     "transferWarm" BOOLEAN NOT NULL DEFAULT false;
