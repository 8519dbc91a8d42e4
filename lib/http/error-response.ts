import { NextResponse } from "next/server";
import { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors/app-error";
import { logger } from "@/lib/log";

export function errorResponse(err: unknown): Response {
  const appErr = toAppError(err);
  if (appErr) {
    const retryAfter = appErr.details?.retryAfterSeconds;
    const headers: Record<string, string> = {};
    if (retryAfter) headers["retry-after"] = retryAfter;
    // The unread rest of an oversized body stays on the connection: close it, not reuse it.
    if (appErr.code === "payload_too_large") headers.connection = "close";
    return NextResponse.json(
      {
        error: {
          code: appErr.code,
          message: appErr.message,
          ...(appErr.fields ? { fields: appErr.fields } : {}),
          ...(appErr.details ?? {}),
        },
      },
      { status: appErr.status, headers },
    );
  }
  logger.error({ err }, "unhandled error in route handler");
  return NextResponse.json(
    { error: { code: "internal", message: "Something went wrong on the server; it has been logged." } },
    { status: 500 },
  );
}

function toAppError(err: unknown): AppError | null {
  if (err instanceof AppError) return err;
  // A unique constraint is the database settling a race the handler's own check could lose.
  if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") {
    const target = uniqueTarget(err.meta);
    const field = target === "username" ? "username" : "name";
    return new AppError("conflict", `That ${field} is already taken.`, { [field]: [`That ${field} is already taken.`] });
  }
  if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2025") {
    return new AppError("not_found", "Not found.");
  }
  return null;
}

function uniqueTarget(meta: Record<string, unknown> | undefined): string {
  const target =
    meta?.target ?? (meta?.driverAdapterError as { cause?: { constraint?: { fields?: string[] } } } | undefined)?.cause?.constraint?.fields;
  return Array.isArray(target) ? String(target[0]).replaceAll('"', "") : String(target ?? "");
}
