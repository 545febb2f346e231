"use client";

import { Badge, Box, Button, Card, Flex, HStack, NativeSelect, Stack, Text } from "@chakra-ui/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";

import { useOrg } from "@/components/dashboard/org-context";
import { DataTable, QueryView } from "@/components/ui/data-table";
import { FormError, Notice, PageHeader } from "@/components/ui/states";
import { TextField } from "@/components/ui/text-field";
import { api } from "@/lib/trpc";
import { ROLES, type Role } from "@/lib/permissions";
import { When } from "@/components/ui/when";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Table } from "@/components/ui/table";

const ROLE_HELP: Record<Role, string> = {
  owner: "Everything, including billing and deleting the organization",
  admin: "Team, numbers, agent settings and billing",
  manager: "Facilities, inventory, leads and reservations",
  staff: "Work leads and calls",
};

function RoleSelect({
  value,
  onChange,
  disabled,
  label,
  allowOwner,
}: {
  value: Role;
  onChange: (r: Role) => void;
  disabled?: boolean;
  label: string;
  allowOwner: boolean;
}) {
  return (
    <NativeSelect.Root size="sm" disabled={disabled} width="36">
      <NativeSelect.Field aria-label={label} value={value} onChange={(e) => onChange(e.currentTarget.value as Role)}>
        {ROLES.filter((r) => allowOwner || r !== "owner" || value === "owner").map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </NativeSelect.Field>
      <NativeSelect.Indicator />
    </NativeSelect.Root>
  );
}

function InviteForm() {
  const org = useOrg();
  const utils = api.useUtils();
  const [role, setRole] = useState<Role>("staff");
  const [notice, setNotice] = useState<string | null>(null);
  const invite = api.team.invite.useMutation({
    onSuccess: async (sent, vars) => {
      setNotice(
        !sent.resent
          ? `Invitation sent to ${vars.email}.`
          : sent.previousRole
            ? `The invitation to ${vars.email} is now for the ${vars.role} role (was ${sent.previousRole}) and was sent again.`
            : `Invitation sent again to ${vars.email}.`,
      );
      await utils.team.list.invalidate();
    },
  });
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setNotice(null);
    const form = e.currentTarget;
    const email = String(new FormData(form).get("email"));
    invite.mutate({ email, role }, { onSuccess: () => form.reset() });
  }
  return (
    <Card.Root>
      <Card.Body>
        <form onSubmit={onSubmit} aria-label="Invite a member">
          <Stack gap={3}>
            <Text fontWeight="semibold">Invite someone</Text>
            <FormError message={invite.error?.message ?? null} />
            {notice ? <Notice status="success" title={notice} /> : null}
            <Flex gap={3} direction={{ base: "column", md: "row" }} align={{ md: "flex-end" }}>
              <Box flex="1">
                <TextField label="E-mail" name="email" type="email" required />
              </Box>
              <Box>
                <Text fontSize="sm" fontWeight="medium" mb={1.5}>
                  Role
                </Text>
                <RoleSelect
                  label="Role for the invitee"
                  value={role}
                  onChange={setRole}
                  allowOwner={org.role === "owner"}
                />
              </Box>
              <Button type="submit" colorPalette="blue" loading={invite.isPending}>
                Send invitation
              </Button>
            </Flex>
            <Text fontSize="sm" color="fg.muted">
              {role}: {ROLE_HELP[role]}.
            </Text>
          </Stack>
        </form>
      </Card.Body>
    </Card.Root>
  );
}

export function TeamSettings() {
  const org = useOrg();
  const router = useRouter();
  const utils = api.useUtils();
  const team = api.team.list.useQuery();
  const invalidate = () => utils.team.list.invalidate();
  const changeRole = api.team.changeRole.useMutation({ onSuccess: invalidate });
  const remove = api.team.remove.useMutation({ onSuccess: invalidate });
  const cancel = api.team.cancelInvitation.useMutation({ onSuccess: invalidate });
  const leave = api.team.leave.useMutation({
    onSuccess: () => {
      router.push("/app");
      router.refresh();
    },
  });
  const manage = org.can("admin");
  const mutationError = changeRole.error ?? remove.error ?? cancel.error ?? leave.error;

  return (
    <Stack gap={6}>
      <PageHeader
        title="Team"
        description="Who can work in this organization and what they may do."
        actions={
          <ConfirmButton
            variant="outline"
            colorPalette="red"
            title={`Leave ${org.name}?`}
            confirmLabel="Leave"
            onConfirm={() => leave.mutate()}
            loading={leave.isPending}
          >
            Leave organization
          </ConfirmButton>
        }
      />
      {manage ? <InviteForm /> : <Notice title="Only owners and admins can invite or change members." />}
      <FormError message={mutationError?.message ?? null} />
      <QueryView query={team} loadingLabel="Loading team">
        {(data) => (
          <>
            <DataTable label="Members" columns={["Name", "E-mail", "Role", "Two-factor", ""]}>
              {data.members.map((m) => (
                <Table.Row key={m.id}>
                  <Table.Cell>
                    {m.name}
                    {m.id === data.myMemberId ? <Badge ml={2}>you</Badge> : null}
                  </Table.Cell>
                  <Table.Cell overflowWrap="anywhere">{m.email}</Table.Cell>
                  <Table.Cell>
                    {manage && m.id !== data.myMemberId ? (
                      <RoleSelect
                        label={`Role of ${m.email}`}
                        value={m.role as Role}
                        allowOwner={org.role === "owner"}
                        disabled={changeRole.isPending || (m.role === "owner" && org.role !== "owner")}
                        onChange={(role) => changeRole.mutate({ memberId: m.id, role })}
                      />
                    ) : (
                      <Badge>{m.role}</Badge>
                    )}
                  </Table.Cell>
                  <Table.Cell>
                    {m.twoFactorEnabled ? <Badge colorPalette="green">on</Badge> : <Badge>off</Badge>}
                  </Table.Cell>
                  <Table.Cell textAlign="end">
                    {manage && m.id !== data.myMemberId ? (
                      <ConfirmButton
                        size="xs"
                        variant="ghost"
                        colorPalette="red"
                        title={`Remove ${m.email}?`}
                        onConfirm={() => remove.mutate({ memberId: m.id })}
                      >
                        Remove
                      </ConfirmButton>
                    ) : null}
                  </Table.Cell>
                </Table.Row>
              ))}
            </DataTable>
            {data.invitations.length > 0 ? (
              <Box>
                <Text fontWeight="semibold" mb={2}>
                  Pending invitations
                </Text>
                <Stack gap={2}>
                  {data.invitations.map((i) => (
                    <HStack key={i.id} justify="space-between" wrap="wrap" borderWidth="1px" borderRadius="md" p={3}>
                      {/* A long address wraps inside the row instead of pushing the row past the page. */}
                      <Text minW="0" flex="1" overflowWrap="anywhere">
                        {i.email} <Badge>{i.role}</Badge>
                      </Text>
                      <HStack flexShrink={0}>
                        <Text fontSize="sm" color="fg.muted">
                          expires <When at={i.expiresAt} show="date" />
                        </Text>
                        {manage ? (
                          <Button size="xs" variant="ghost" onClick={() => cancel.mutate({ invitationId: i.id })}>
                            Cancel
                          </Button>
                        ) : null}
                      </HStack>
                    </HStack>
                  ))}
                </Stack>
              </Box>
            ) : null}
          </>
        )}
      </QueryView>
    </Stack>
  );
}
