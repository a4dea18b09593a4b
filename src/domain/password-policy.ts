/**
 * The password policy for passwords people set (an invitation or a reset). Seeded demo accounts
 * do not pass through it. Length first (NIST SP 800-63B: at least 12 here), then what makes a
 * long password guessable anyway: the account's own e-mail, or a well-known common password.
 */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

// The most common passwords of 12 characters or more in public breach corpora, plus the
// product's own name and demo password; compared case-insensitively.
const COMMON_PASSWORDS = new Set([
  '123456789012', '1234567890123', '12345678901234', '123456789000', '111111111111', '000000000000',
  'qwertyuiopas', 'qwerty123456', '1q2w3e4r5t6y', '1qaz2wsx3edc', 'qazwsxedcrfv', 'password1234',
  'password12345', 'password123!', 'passwordpassword', 'iloveyou1234', 'abcdefghijkl', 'abc123456789',
  'welcome12345', 'welcome123456', 'letmein12345', 'administrator', 'admin1234567', 'changeme1234',
  'football1234', 'baseball1234', 'sunshine1234', 'princess1234', 'trustno11234', 'superman1234',
  'starwars1234', 'monkey123456', 'dragon123456', 'master123456', 'p@ssw0rd1234', 'p@ssword1234',
  'demo-password', 'reservationdesk', 'reservation-desk', 'resdesk12345', 'microsoft123', 'azure1234567',
]);

export interface PasswordVerdict {
  ok: boolean;
  reason?: string;
}

export function checkPassword(password: string, email: string): PasswordVerdict {
  if (password.length < PASSWORD_MIN_LENGTH) return { ok: false, reason: `The password needs at least ${PASSWORD_MIN_LENGTH} characters.` };
  if (password.length > PASSWORD_MAX_LENGTH) return { ok: false, reason: `The password has at most ${PASSWORD_MAX_LENGTH} characters.` };
  const lower = password.toLowerCase();
  const mail = email.trim().toLowerCase();
  const local = mail.split('@')[0] ?? '';
  if (lower === mail || lower.includes(mail) || (local.length >= 4 && lower === local)) {
    return { ok: false, reason: 'The password must not be your e-mail address.' };
  }
  if (COMMON_PASSWORDS.has(lower)) return { ok: false, reason: 'The password is one of the most common passwords; choose another.' };
  if (new Set(lower).size < 4) return { ok: false, reason: 'The password repeats too few different characters.' };
  return { ok: true };
}
