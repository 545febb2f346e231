"use client";

import { Link } from "@chakra-ui/react";
import { Fragment } from "react";

/** Renders plain text with its http(s) URLs as links (e-mail bodies in the outbox). */
export function Linkify({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/[^\s]+)/g);
  return (
    <>
      {parts.map((part, i) =>
        /^https?:\/\//.test(part) ? (
          <Link key={i} href={part} colorPalette="blue" wordBreak="break-all">
            {part}
          </Link>
        ) : (
          <Fragment key={i}>{part}</Fragment>
        ),
      )}
    </>
  );
}
