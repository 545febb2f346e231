"use client";

import { Box, NativeSelect, Text } from "@chakra-ui/react";
import type { ReactNode } from "react";

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
