// Form inputs that speak đồng and dd/mm/yyyy.
import { useState } from "preact/hooks";
import { groupThousands, parseDong, parseDate } from "./lib/format";
import { t } from "./i18n";

/** Parsed amount of a text field: a number, null when blank, or "invalid". */
export function amountOf(text: string): number | null | "invalid" {
  const p = parseDong(text);
  if (p.ok) return p.value;
  return p.error.code === "empty" ? null : "invalid";
}

type AmountInputProps = {
  id: string;
  value: string;
  onInput: (text: string) => void;
  invalid?: boolean;
  placeholder?: string;
  describedBy?: string;
};

/** A text field for an amount; shows `1.250.000` once the field is left. */
export function AmountInput({ id, value, onInput, invalid, placeholder, describedBy }: AmountInputProps) {
  return (
    <span class="amount-input">
      <input
        id={id}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        spellcheck={false}
        value={value}
        placeholder={placeholder}
        aria-invalid={invalid ? "true" : undefined}
        aria-describedby={describedBy}
        onInput={(e) => onInput((e.currentTarget as HTMLInputElement).value)}
        onBlur={() => {
          const p = parseDong(value);
          if (p.ok) onInput(groupThousands(p.value));
        }}
      />
      <span class="unit">₫</span>
    </span>
  );
}

export function useDateField(initialIso: string) {
  const [text, setText] = useState(() => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(initialIso);
    return m ? `${m[3]}/${m[2]}/${m[1]}` : initialIso;
  });
  const parsed = parseDate(text);
  return {
    text,
    setText,
    iso: parsed.ok ? parsed.value : null,
    error: parsed.ok ? null : t("err.date"),
  };
}
