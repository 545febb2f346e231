"use client";

import { createTRPCReact } from "@trpc/react-query";

import type { AppRouter } from "@/server/api/root";

/** Typed tRPC hooks for client components: `api.team.list.useQuery()`. */
export const api = createTRPCReact<AppRouter>();
