/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and server-only packages stay out of the bundle.
  serverExternalPackages: ["@node-rs/argon2", "pg", "bullmq", "ioredis", "pino"],
  poweredByHeader: false,
};

export default nextConfig;
