/**
 * The minimum password strength: at least 12 characters, not one of the passwords attackers
 * try first, and not containing the user name. Reasons are written for the person choosing it.
 */

/** Shortest password accepted. */
export const MIN_PASSWORD_LENGTH = 12;

// Passwords (and stems) that lead public breach-frequency lists, lower-cased. A short list
// is enough here because length ≥ 12 already rules out most of the rest.
const COMMON = new Set([
  'password', 'password1', 'password12', 'password123', 'password1234', 'passw0rd', 'p@ssw0rd', 'p@ssword',
  '123456', '1234567', '12345678', '123456789', '1234567890', '12345678910', '123456789012', '1234567890123',
  'qwerty', 'qwerty123', 'qwertyuiop', 'qwertyuiop12', '1q2w3e4r', '1q2w3e4r5t6y', 'qazwsxedc', '1qaz2wsx3edc',
  'iloveyou', 'iloveyou123', 'letmein', 'letmein12345', 'welcome', 'welcome123', 'welcome12345', 'admin',
  'admin123', 'administrator', 'changeme', 'changeme123', 'trustno1', 'monkey', 'dragon', 'football',
  'baseball', 'sunshine', 'princess', 'starwars', 'superman', 'abc123', 'abcdefghijkl', 'aaaaaaaaaaaa',
  '111111111111', '000000000000', 'hospital', 'hospital123', 'doctor', 'doctor123', 'nurse', 'nurse123',
  'clinic', 'clinic123', 'medicine', 'patient', 'bedside', 'bedside123', 'bedside12345', 'healthcare',
  'summer2024', 'winter2024', 'spring2025', 'autumn2025', 'passwordpassword', 'mypassword123', 'secret123456',
]);

/** Why a password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, username: string): string | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return `The password must have at least ${MIN_PASSWORD_LENGTH} characters; a short sentence is easy to remember and hard to guess.`;
  const lower = password.toLowerCase();
  // "Password123!" and "password123" are the same guess to an attacker.
  const stem = lower.replace(/[^a-z0-9@]+$/g, '');
  if (COMMON.has(lower) || COMMON.has(stem) || /^(.)\1+$/.test(lower)) return 'This password is one of the first that attackers try. Choose another (a short sentence works well).';
  const user = username.trim().toLowerCase();
  if (user.length >= 3 && lower.includes(user)) return 'The password must not contain the user name.';
  return null;
}
