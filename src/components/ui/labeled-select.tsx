"use client";

import { Box, Input, NativeSelect, Text } from "@chakra-ui/react";
import type { ReactNode } from "react";

const SEARCH_MAX = 100;

/**
 * A list's search box, labelled "Search" and named "Search <what>" for assistive technology; at most
 * 100 characters (what the lists' servers accept). `text`/`setText` come from useSearchBox.
 */
export function SearchBox({
  what,
  placeholder,
  text,
  setText,
  minW = "72",
}: {
  what: string;
  placeholder: string;
  text: string;
  setText: (text: string) => void;
  minW?: string;
}) {
  return (
    <Box minW={{ base: "full", sm: minW }}>
      <Text fontSize="sm" fontWeight="medium" mb={1.5}>
        Search
      </Text>
      <Input
        size="sm"
        type="search"
        aria-label={`Search ${what}`}
        placeholder={placeholder}
        maxLength={SEARCH_MAX}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
      />
      {text.length >= SEARCH_MAX ? (
        <Text fontSize="xs" color="fg.muted" mt={1}>
          Search is limited to {SEARCH_MAX} characters.
        </Text>
      ) : null}
    </Box>
  );
}

/** A native select with a visible label that is also its accessible name. */
export function LabeledSelect({
  label,
  value,
  onChange,
  children,
  size = "sm",
  width,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  children: ReactNode;
  size?: "sm" | "md";
  width?: string;
}) {
  return (
    <Box>
      <Text fontSize="sm" fontWeight="medium" mb={1.5}>
        {label}
      </Text>
      <NativeSelect.Root size={size} width={width}>
        <NativeSelect.Field aria-label={label} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
          {children}
        </NativeSelect.Field>
        <NativeSelect.Indicator />
      </NativeSelect.Root>
    </Box>
  );
}

/** The facility filter of lists and reports: "All facilities" (value "") and then each facility. */
export function FacilitySelect({
  label = "Facility",
  value,
  onChange,
  facilities,
  width,
}: {
  label?: string;
  value: string;
  onChange: (v: string) => void;
  facilities: readonly { id: string; name: string }[];
  width?: string;
}) {
  return (
    <LabeledSelect label={label} value={value} onChange={onChange} width={width}>
      <option value="">All facilities</option>
      {facilities.map((f) => (
        <option key={f.id} value={f.id}>
          {f.name}
        </option>
      ))}
    </LabeledSelect>
  );
}
