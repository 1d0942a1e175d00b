// App-wide state: who is recording, the home figures, staff and groups.
import { signal } from "@preact/signals";
import { ipc, type Group, type Home, type IpcError, type StaffMember } from "./ipc";

const ACTOR_KEY = "phien.actor";

function readActor(): string {
  try {
    return localStorage.getItem(ACTOR_KEY) ?? "";
  } catch {
    return "";
  }
}

/** Staff code of the person recording (passed as `actor`), remembered on this laptop. */
export const actor = signal<string>(readActor());

export function setActor(code: string): void {
  actor.value = code;
  try {
    if (code) localStorage.setItem(ACTOR_KEY, code);
    else localStorage.removeItem(ACTOR_KEY);
  } catch {
    /* ignore */
  }
}

export const home = signal<Home | null>(null);
export const homeError = signal<IpcError | null>(null);
export const staff = signal<StaffMember[]>([]);
export const groups = signal<Group[] | null>(null);
export const groupsError = signal<IpcError | null>(null);

export async function loadHome(): Promise<void> {
  try {
    home.value = await ipc.home();
    homeError.value = null;
  } catch (e) {
    homeError.value = e as IpcError;
  }
}

export async function loadStaff(): Promise<void> {
  try {
    staff.value = await ipc.staff();
  } catch {
    staff.value = [];
  }
}

export async function loadGroups(): Promise<void> {
  try {
    groups.value = await ipc.groups();
    groupsError.value = null;
  } catch (e) {
    groupsError.value = e as IpcError;
  }
}

/** "Nguyễn Văn Hùng (CB01)" from a staff code or a full name (a session's team comes as names). */
export function staffName(codeOrName: string): string {
  const s = staff.value.find((x) => x.code === codeOrName) ?? staff.value.find((x) => x.fullName === codeOrName);
  return s ? `${s.fullName} (${s.code})` : codeOrName;
}

/** The date a group's list opens on: today when a session is open today, else the next fixed day. */
export function listDate(): string | null {
  const h = home.value;
  if (!h) return null;
  if (h.todaySession) return h.today;
  return h.nextSessionDate;
}
