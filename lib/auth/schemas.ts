import { z } from "zod";

export const logInInput = z.object({
  username: z.string().trim().min(1, "Enter your user name.").max(100),
  password: z.string().min(1, "Enter your password.").max(1000),
});
