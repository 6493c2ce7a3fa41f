// A button that asks for confirmation in a modal dialog before it acts (promote, stop, revoke...).
import { useRef, useState, type ReactNode } from "react";
import { ErrorMessage } from "./ErrorMessage.tsx";

interface Props {
  label: string;
  title: string;
  children: ReactNode;
  confirmLabel?: string;
  danger?: boolean;
  onConfirm: () => Promise<unknown>;
}

export function ConfirmButton({ label, title, children, confirmLabel, danger, onConfirm }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      dialog.current?.close();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <button type="button" className={danger ? "danger" : undefined} onClick={() => dialog.current?.showModal()}>
        {label}
      </button>
      <dialog ref={dialog} aria-label={title} className="dialog">
        <h3>{title}</h3>
        <div>{children}</div>
        <ErrorMessage error={error} />
        <div className="row end">
          <button type="button" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
          <button type="button" className={danger ? "danger" : "primary"} disabled={busy} onClick={confirm}>
            {busy ? "Working…" : (confirmLabel ?? label)}
          </button>
        </div>
      </dialog>
    </>
  );
}
