-- AlterTable
ALTER TABLE "clusters" ADD COLUMN     "local_data_dir" TEXT;
