"use client";

import { Button, Card, HStack, SimpleGrid, Stack, Textarea, Field } from "@chakra-ui/react";
import { useState } from "react";

import type { RouterOutputs } from "@/components/inventory/types";
import { LabeledSelect } from "@/components/ui/labeled-select";
import { FormError } from "@/components/ui/states";
import { TextField } from "@/components/ui/text-field";
import { api } from "@/lib/trpc";

type Member = RouterOutputs["team"]["list"]["members"][number];

/** A task added by hand: a callback promised at the counter, a note to follow up. Due now unless a time is given. */
export function AddTaskForm({ members, onDone }: { members: Member[]; onDone: () => void }) {
  const [kind, setKind] = useState<"callback" | "follow_up" | "other">("callback");
  const [title, setTitle] = useState("");
  const [contactName, setContactName] = useState("");
  const [contactPhone, setContactPhone] = useState("");
  const [body, setBody] = useState("");
  const [due, setDue] = useState("");
  const [assignee, setAssignee] = useState("");
  const create = api.tasks.create.useMutation({ onSuccess: onDone });
  return (
    <Card.Root mb={4}>
      <Card.Body>
        <Stack
          as="form"
          gap={3}
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate({
              kind,
              title,
              body: body || null,
              contactName: contactName || null,
              contactPhone: contactPhone || null,
              dueAt: due ? new Date(due) : undefined,
              assigneeMemberId: assignee || null,
            });
          }}
        >
          <SimpleGrid columns={{ base: 1, md: 3 }} gap={3}>
            <LabeledSelect label="Kind" value={kind} onChange={(v) => setKind(v as typeof kind)} size="md">
              <option value="callback">Callback</option>
              <option value="follow_up">Follow-up</option>
              <option value="other">Other</option>
            </LabeledSelect>
            <TextField label="What to do" required value={title} onChange={(e) => setTitle(e.target.value)} />
            <TextField label="Due" type="datetime-local" value={due} onChange={(e) => setDue(e.target.value)} />
            <TextField label="Name" value={contactName} onChange={(e) => setContactName(e.target.value)} />
            <TextField label="Phone" value={contactPhone} onChange={(e) => setContactPhone(e.target.value)} />
            <LabeledSelect label="Assign to" value={assignee} onChange={setAssignee} size="md">
              <option value="">Nobody yet</option>
              {members.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </LabeledSelect>
          </SimpleGrid>
          <Field.Root>
            <Field.Label>Details</Field.Label>
            <Textarea value={body} onChange={(e) => setBody(e.target.value)} rows={2} />
          </Field.Root>
          <FormError message={create.error?.message ?? null} />
          <HStack>
            <Button type="submit" colorPalette="blue" loading={create.isPending}>
              Add task
            </Button>
          </HStack>
        </Stack>
      </Card.Body>
    </Card.Root>
  );
}
