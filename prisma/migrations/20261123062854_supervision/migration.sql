-- AlterTable
ALTER TABLE "Call" ADD COLUMN     "supervision" TEXT,
ADD COLUMN     "supervisorId" INTEGER;
