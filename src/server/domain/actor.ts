/** Who performs a mutation, as written to the audit log: a user, or a system actor such as "agent". */
export interface Actor {
  userId?: string | null;
  label: string;
}
