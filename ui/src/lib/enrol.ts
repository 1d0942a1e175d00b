// Enrolling this laptop with the district's sync server from the home screen
// (`enrol_device`, docs/ipc.md): the checks of what the officer typed, which
// are the shell's own (so a mistake shows before anything is sent), and the
// words for each refusal code.
import { t } from "../i18n";
import type { EnrolErrorCode, IpcError } from "./ipc";

/** The name the district sees the laptop by, until the officer types another. */
export const DEFAULT_DEVICE_NAME = "Laptop điểm giao dịch";

/** Longest device name the server accepts (characters). */
const DEVICE_NAME_MAX = 100;

export type EnrolField = "server" | "code" | "name";

/** The problem with the server address as typed, if any. */
export function serverUrlProblem(text: string): EnrolErrorCode | null {
  const url = text.trim().replace(/\/+$/, "");
  if (url === "") return "server_url_required";
  const m = /^https?:\/\/(.*)$/i.exec(url);
  if (!m) return "server_url_invalid";
  const host = m[1].split(/[/?#]/)[0];
  return host === "" || /\s/.test(m[1]) ? "server_url_invalid" : null;
}

/** The problem with the one-time code as typed (`K7QM-XR3D-9PTA`; lower case and no dashes also do). */
export function enrolCodeProblem(text: string): EnrolErrorCode | null {
  const typed = text.trim();
  if (typed === "") return "enrol_code_required";
  const chars = typed.replace(/[-\s]/g, "");
  return /^[A-Za-z0-9]{12}$/.test(chars) ? null : "enrol_code_invalid";
}

/** The problem with the device name, if any. */
export function deviceNameProblem(text: string): EnrolErrorCode | null {
  const n = [...text.trim()].length;
  return n === 0 || n > DEVICE_NAME_MAX ? "device_name_invalid" : null;
}

/** The field a refusal code belongs to, or null for the form as a whole. */
export function enrolErrorField(code: string): EnrolField | null {
  switch (code) {
    case "server_url_required":
    case "server_url_invalid":
      return "server";
    case "enrol_code_required":
    case "enrol_code_invalid":
    case "bad_code":
      return "code";
    case "device_name_invalid":
      return "name";
    default:
      return null;
  }
}

/** Words for a refusal, by its code; a code the UI does not know keeps the shell's message. */
export function enrolMessage(e: IpcError, server: string): string {
  switch (e.code) {
    case "server_url_required":
      return t("enrol.err.serverRequired");
    case "server_url_invalid":
      return t("enrol.err.serverInvalid");
    case "enrol_code_required":
      return t("enrol.err.codeRequired");
    case "enrol_code_invalid":
      return t("enrol.err.codeInvalid");
    case "device_name_invalid":
      return t("enrol.err.name", { max: DEVICE_NAME_MAX });
    case "bad_code":
      return t("enrol.err.badCode");
    case "already_enrolled":
      return t("enrol.err.alreadyEnrolled");
    case "unreachable":
      return t("enrol.err.unreachable", { server: server.trim() });
    default:
      return e.message;
  }
}
