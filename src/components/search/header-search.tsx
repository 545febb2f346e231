"use client";

import { Badge, Box, HStack, Input, Spinner, Text } from "@chakra-ui/react";
import { useRouter } from "next/navigation";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { LuSearch } from "react-icons/lu";

import { useOrg } from "@/components/dashboard/org-context";
import { formatPhone } from "@/lib/format-phone";
import { api } from "@/lib/trpc";

interface Option {
  key: string;
  group: string;
  title: string;
  detail: string;
  badge?: string;
  href: string;
}

/** Waits for typing to pause, so a name typed quickly is one query, not eight. */
function useDebounced(value: string, ms: number) {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return debounced;
}

/**
 * "Find anyone" in the header (issue 22): a name, a phone in any format, an e-mail, a confirmation
 * code or a unit number. "/" focuses it from anywhere; arrows and Enter pick a result. The server
 * side is search.anyone (src/server/domain/search/find-anyone.ts).
 */
export function HeaderSearch() {
  const org = useOrg();
  const router = useRouter();
  const listId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [text, setText] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const query = useDebounced(text.trim(), 200);
  const enabled = query.length >= 2;
  const found = api.search.anyone.useQuery({ query }, { enabled, placeholderData: (prev) => prev, staleTime: 10_000 });

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      const typing = target && (target.isContentEditable || /^(input|textarea|select)$/i.test(target.tagName));
      if (e.key === "/" && !typing && !e.metaKey && !e.ctrlKey && !e.altKey) {
        e.preventDefault();
        input.current?.focus();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const options = useMemo<Option[]>(() => {
    const r = enabled ? found.data : undefined;
    if (!r) return [];
    return [
      ...r.customers.map((c) => ({
        key: `c:${c.id}`,
        group: "Customers",
        title: c.name || formatPhone(c.phone) || c.email || "Customer",
        detail: [formatPhone(c.phone), c.email].filter(Boolean).join(" · "),
        badge: c.leadStatus?.replace("_", " "),
        href: org.href(`/customers/${c.id}`),
      })),
      ...r.reservations.map((x) => ({
        key: `r:${x.id}`,
        group: "Reservations",
        title: `${x.confirmationCode} · ${x.customerName || "Customer"}`,
        detail: `${x.facilityName}, unit ${x.unitNumber}, move-in ${x.moveInDate}`,
        badge: x.status,
        href: org.href(`/reservations/${x.id}`),
      })),
      ...r.units.map((u) => ({
        key: `u:${u.id}`,
        group: "Units",
        title: `Unit ${u.number} · ${u.facilityName}`,
        detail: u.customerName ? `Held by ${u.customerName}` : "Nobody holds it",
        badge: u.status,
        href: u.customerId ? org.href(`/customers/${u.customerId}`) : org.href(`/facilities/${u.facilityId}`),
      })),
      ...r.callers.map((c) => ({
        key: `k:${c.conversationId}`,
        group: "Callers",
        title: formatPhone(c.fromAddress) || "Unknown caller",
        detail: `Last ${c.channel === "voice" ? "called" : c.channel === "sms" ? "texted" : "wrote"} ${org.dateTime(c.startedAt)}`,
        href: org.href(`/calls/${c.conversationId}`),
      })),
    ];
  }, [enabled, found.data, org]);

  const go = (option: Option | undefined) => {
    if (!option) return;
    setOpen(false);
    setText("");
    input.current?.blur();
    router.push(option.href);
  };

  const showPanel = open && text.trim().length >= 2;
  const waiting = enabled && (found.isFetching || query !== text.trim());
  const optionId = (i: number) => `${listId}-opt-${i}`;

  return (
    <Box role="search" position="relative" flex="1" maxW="lg">
      <HStack
        borderWidth="1px"
        borderRadius="md"
        px={2}
        bg="bg"
        _focusWithin={{ borderColor: "blue.solid", boxShadow: "0 0 0 1px var(--chakra-colors-blue-solid)" }}
      >
        <LuSearch aria-hidden />
        <Input
          ref={input}
          variant="flushed"
          border="none"
          size="sm"
          role="combobox"
          aria-label="Find anyone"
          aria-expanded={showPanel}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={showPanel && options[active] ? optionId(active) : undefined}
          placeholder="Find a name, phone, e-mail, code or unit  ( / )"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setActive(0);
            setOpen(true);
          }}
          onFocus={() => setOpen(true)}
          onBlur={() => setOpen(false)}
          onKeyDown={(e) => {
            if (e.key === "ArrowDown") {
              e.preventDefault();
              setActive((i) => Math.min(i + 1, Math.max(options.length - 1, 0)));
            } else if (e.key === "ArrowUp") {
              e.preventDefault();
              setActive((i) => Math.max(i - 1, 0));
            } else if (e.key === "Enter") {
              e.preventDefault();
              if (!waiting) go(options[active]);
            } else if (e.key === "Escape") {
              setOpen(false);
            }
          }}
        />
        {waiting ? <Spinner size="xs" aria-hidden /> : null}
      </HStack>
      {showPanel ? (
        <Box
          position="absolute"
          top="calc(100% + 4px)"
          left={0}
          right={0}
          zIndex="dropdown"
          bg="bg.panel"
          borderWidth="1px"
          borderRadius="md"
          boxShadow="lg"
          maxH="70vh"
          overflowY="auto"
          py={1}
        >
          <Box id={listId} role="listbox" aria-label="People and records found">
            {options.map((o, i) => (
              <Box key={o.key}>
                {i === 0 || options[i - 1]!.group !== o.group ? (
                  <Text px={3} pt={2} pb={1} fontSize="xs" color="fg.muted" textTransform="uppercase" aria-hidden>
                    {o.group}
                  </Text>
                ) : null}
                <Box
                  id={optionId(i)}
                  role="option"
                  aria-selected={i === active}
                  data-testid="search-result"
                  px={3}
                  py={2}
                  cursor="pointer"
                  bg={i === active ? "bg.muted" : undefined}
                  onMouseEnter={() => setActive(i)}
                  // mousedown, not click: the input's blur would close the list before a click lands.
                  onMouseDown={(e) => {
                    e.preventDefault();
                    go(o);
                  }}
                >
                  <HStack justify="space-between" gap={2}>
                    <Text fontWeight="medium" truncate>
                      {o.title}
                    </Text>
                    {o.badge ? <Badge size="sm">{o.badge}</Badge> : null}
                  </HStack>
                  {o.detail ? (
                    <Text fontSize="sm" color="fg.muted" truncate>
                      {o.detail}
                    </Text>
                  ) : null}
                </Box>
              </Box>
            ))}
          </Box>
          {!waiting && enabled && found.data && options.length === 0 ? (
            <Text px={3} py={2} color="fg.muted" role="status">
              Nobody found for “{query}”.
            </Text>
          ) : null}
          {found.error ? (
            <Text px={3} py={2} color="fg.error" role="alert">
              {found.error.message}
            </Text>
          ) : null}
        </Box>
      ) : null}
    </Box>
  );
}
