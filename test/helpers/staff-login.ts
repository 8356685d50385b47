import { admin } from './system';

/** Signs in through the login form as the first admin; returns the browser's cookies (CSRF nonce + session). */
export async function staffLogin(baseUrl: string): Promise<string> {
  const form = await fetch(`${baseUrl}/staff/login`);
  const jar = form.headers.getSetCookie().map((c) => c.split(';')[0]!);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const res = await fetch(`${baseUrl}/staff/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.join('; ') },
    body: new URLSearchParams({ email: admin.email, password: admin.password, _csrf: csrf }).toString(),
  });
  if (res.status !== 303) throw new Error(`staff sign-in failed with ${res.status}`);
  return [...jar, ...res.headers.getSetCookie().map((c) => c.split(';')[0]!)].join('; ');
}
