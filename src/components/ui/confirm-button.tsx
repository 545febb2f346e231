"use client";

import { Button, Dialog, Portal, type ButtonProps } from "@chakra-ui/react";
import { useState, type ReactNode } from "react";

/**
 * A button whose action is asked about first, in the dashboard's own dialog instead of the
 * browser's confirm(): the question (`title`), what follows from it (`detail`), Cancel, and the
 * action's button (`confirmLabel`, else the trigger's text). The dialog is an alertdialog named by
 * the question; Escape, Cancel or a click outside close it and nothing happens. The other props
 * style the trigger.
 */
export function ConfirmButton({
  title,
  detail,
  confirmLabel,
  onConfirm,
  children,
  ...trigger
}: {
  title: string;
  detail?: ReactNode;
  confirmLabel?: string;
  onConfirm: () => void;
  children: ReactNode;
} & Omit<ButtonProps, "onClick">) {
  const [open, setOpen] = useState(false);
  const label = confirmLabel ?? (typeof children === "string" ? children : "Confirm");
  return (
    <Dialog.Root
      role="alertdialog"
      lazyMount
      unmountOnExit
      open={open}
      onOpenChange={(e) => setOpen(e.open)}
      placement="center"
      size="sm"
    >
      <Dialog.Trigger asChild>
        <Button {...trigger}>{children}</Button>
      </Dialog.Trigger>
      <Portal>
        <Dialog.Backdrop />
        <Dialog.Positioner>
          <Dialog.Content>
            <Dialog.Header>
              <Dialog.Title>{title}</Dialog.Title>
            </Dialog.Header>
            {detail ? (
              <Dialog.Body>
                <Dialog.Description>{detail}</Dialog.Description>
              </Dialog.Body>
            ) : null}
            <Dialog.Footer>
              <Dialog.ActionTrigger asChild>
                <Button variant="outline">Cancel</Button>
              </Dialog.ActionTrigger>
              <Button
                colorPalette={trigger.colorPalette ?? "red"}
                onClick={() => {
                  setOpen(false);
                  onConfirm();
                }}
              >
                {label}
              </Button>
            </Dialog.Footer>
          </Dialog.Content>
        </Dialog.Positioner>
      </Portal>
    </Dialog.Root>
  );
}
