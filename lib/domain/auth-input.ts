import { z } from "zod";
import { ROLES } from "./roles";

export const logInInput = z.object({
  username: z.string().trim().min(1, "Enter your user name.").max(100),
  password: z.string().min(1, "Enter your password.").max(1000),
});

const role = z.enum(ROLES, "Choose viewer, operator or admin.");
// Long enough to resist guessing when the lockout is the only other defence; argon2 bounds the top.
const newPassword = z.string().min(12, "Use at least 12 characters.").max(1000, "Keep the password to 1000 characters or fewer.");

export const userCreateInput = z.object({
  username: z
    .string()
    .trim()
    .min(1, "Enter a user name.")
    .max(64, "Keep the user name to 64 characters or fewer.")
    .regex(/^[A-Za-z0-9._@-]+$/, "Use letters, digits and . _ @ - only."),
  password: newPassword,
  role,
});
export type UserCreateInput = z.infer<typeof userCreateInput>;

export const userUpdateInput = z.object({ role });

export const passwordResetInput = z.object({ password: newPassword });

export const passwordChangeInput = z.object({
  currentPassword: z.string().min(1, "Enter your current password.").max(1000),
  newPassword,
});
export type PasswordChangeInput = z.infer<typeof passwordChangeInput>;

export const tokenCreateInput = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Name the token after what uses it, e.g. nightly-ci.")
    .max(100, "Keep the name to 100 characters or fewer."),
  userId: z.uuid("Choose a user."),
  role,
  // null: the token works until it is revoked.
  expiresInDays: z.number().int().min(1, "At least 1 day.").max(3650, "At most 3650 days.").nullable().default(null),
});
export type TokenCreateInput = z.infer<typeof tokenCreateInput>;
