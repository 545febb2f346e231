"use client";

import { Box, Button, Checkbox, Flex, Heading, HStack, Input, Stack, Text } from "@chakra-ui/react";

import { WEEKDAY_NAMES, type WeekdayKey } from "./form-values";
import {
  DEFAULT_RANGE,
  effectiveDay,
  MAX_RANGES,
  setDay,
  setSameWeekdays,
  WORKDAYS,
  type DayHours,
  type WeekHours,
} from "./hours-model";

/** A checkbox whose visible label is short ("Closed") and whose accessible name says which day. */
function Check({
  label,
  name,
  checked,
  onChange,
  disabled,
}: {
  label: string;
  name: string;
  checked: boolean;
  onChange: (v: boolean) => void;
  disabled?: boolean;
}) {
  return (
    <Checkbox.Root
      size="sm"
      checked={checked}
      disabled={disabled}
      onCheckedChange={(c) => onChange(c.checked === true)}
    >
      <Checkbox.HiddenInput aria-label={name} />
      <Checkbox.Control />
      <Checkbox.Label>{label}</Checkbox.Label>
    </Checkbox.Root>
  );
}

/** One day's row: closed, all day, or opening and closing times (up to four ranges, e.g. a lunch break). */
function DayRow({
  prefix,
  dayLabel,
  day,
  onChange,
}: {
  prefix: string;
  dayLabel: string;
  day: DayHours;
  onChange: (d: DayHours) => void;
}) {
  const name = `${prefix} ${dayLabel}`;
  const setRange = (i: number, patch: Partial<{ open: string; close: string }>) =>
    onChange({ ...day, ranges: day.ranges.map((r, j) => (j === i ? { ...r, ...patch } : r)) });
  return (
    <Flex
      as="li"
      listStyleType="none"
      gap={3}
      align={{ base: "start", sm: "center" }}
      direction={{ base: "column", sm: "row" }}
      py={1.5}
      borderBottomWidth="1px"
      data-testid={`hours-${name}`}
    >
      <Text fontSize="sm" fontWeight="medium" minW="36">
        {dayLabel}
      </Text>
      <HStack gap={4}>
        <Check
          label="Closed"
          name={`${name} closed`}
          checked={day.closed}
          onChange={(closed) => onChange({ ...day, closed })}
        />
        <Check
          label="24 hours"
          name={`${name} open 24 hours`}
          checked={day.allDay}
          disabled={day.closed}
          onChange={(allDay) => onChange({ ...day, allDay })}
        />
      </HStack>
      {!day.closed && !day.allDay ? (
        <Stack gap={1.5}>
          {day.ranges.map((r, i) => {
            const n = day.ranges.length > 1 ? ` (${i + 1})` : "";
            return (
              <HStack key={i} gap={2}>
                <Input
                  type="time"
                  size="sm"
                  width="32"
                  aria-label={`${name} opens${n}`}
                  value={r.open}
                  onChange={(e) => setRange(i, { open: e.currentTarget.value })}
                />
                <Text fontSize="sm">to</Text>
                <Input
                  type="time"
                  size="sm"
                  width="32"
                  aria-label={`${name} closes${n}`}
                  value={r.close}
                  onChange={(e) => setRange(i, { close: e.currentTarget.value })}
                />
                {day.ranges.length > 1 ? (
                  <Button
                    size="xs"
                    variant="ghost"
                    aria-label={`Remove ${name} hours${n}`}
                    onClick={() => onChange({ ...day, ranges: day.ranges.filter((_, j) => j !== i) })}
                  >
                    Remove
                  </Button>
                ) : null}
              </HStack>
            );
          })}
          {day.ranges.length < MAX_RANGES ? (
            <Button
              size="xs"
              variant="ghost"
              alignSelf="flex-start"
              aria-label={`Add ${name} hours`}
              onClick={() => {
                const last = day.ranges[day.ranges.length - 1];
                const open = last?.close && last.close < "23:00" ? last.close : DEFAULT_RANGE.open;
                const close =
                  open < "22:00" ? `${String(Number(open.slice(0, 2)) + 2).padStart(2, "0")}${open.slice(2)}` : "23:59";
                onChange({ ...day, ranges: [...day.ranges, { open, close }] });
              }}
            >
              + Add hours (e.g. after a break)
            </Button>
          ) : null}
        </Stack>
      ) : (
        <Text fontSize="sm" color="fg.muted">
          {day.closed ? "Closed all day" : "Open all day"}
        </Text>
      )}
    </Flex>
  );
}

/**
 * A week of hours picked, not typed (issue 22, item 5): "Same hours Monday to Friday" (one row for
 * the five days), a Closed and a 24 hours switch per day, and time pickers, with more than one range
 * a day for a lunch break. Holidays and other dated closures are set under the facility's closures.
 * The state and its checks are in ./hours-model.ts.
 */
export function HoursPicker({
  title,
  prefix,
  value,
  onChange,
}: {
  title: string;
  prefix: string;
  value: WeekHours;
  onChange: (v: WeekHours) => void;
}) {
  const rows: { key: WeekdayKey; label: string }[] = value.sameWeekdays
    ? [
        { key: "mon", label: "Monday to Friday" },
        ...WEEKDAY_NAMES.filter(([k]) => !WORKDAYS.includes(k)).map(([key, label]) => ({ key, label })),
      ]
    : WEEKDAY_NAMES.map(([key, label]) => ({ key, label }));
  return (
    <Box as="fieldset" aria-label={title}>
      <Heading as="legend" size="sm" mb={2}>
        {title}
      </Heading>
      <Box mb={1}>
        <Check
          label="Same hours Monday to Friday"
          name={`${prefix}: same hours Monday to Friday`}
          checked={value.sameWeekdays}
          onChange={(same) => onChange(setSameWeekdays(value, same))}
        />
      </Box>
      <Stack as="ul" gap={0}>
        {rows.map(({ key, label }) => (
          <DayRow
            key={key}
            prefix={prefix}
            dayLabel={label}
            day={effectiveDay(value, key)}
            onChange={(d) => onChange(setDay(value, key, d))}
          />
        ))}
      </Stack>
    </Box>
  );
}
