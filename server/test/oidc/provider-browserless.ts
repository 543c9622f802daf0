/**
 * Signs in at the test provider as a browser would, without one: follows its redirects, keeps its cookies, and
 * fills its development sign-in and consent forms. Stops at the first redirect to `callbackBase` (the controller's
 * callback, which the test calls itself) and returns that URL.
 */
export async function callbackFromProvider(
  authorizationUrl: string,
  login: string,
  callbackBase: string,
): Promise<URL> {
  const cookies = new Map<string, string>();
  const keep = (response: Response) => {
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const at = pair!.indexOf('=');
      cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
  };
  const cookie = () => [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  let url = new URL(authorizationUrl);
  let init: RequestInit = {};
  for (let hop = 0; hop < 20; hop++) {
    const request = () => fetch(url, { ...init, redirect: 'manual', headers: { ...init.headers, cookie: cookie() } });
    // A socket the provider closed (its restart in rotateKeys) may still sit in the pool: one retry, as browsers do.
    const response = await request().catch(request);
    keep(response);
    const location = response.headers.get('location');
    if (location !== null) {
      url = new URL(location, url);
      init = {};
      if (url.href.startsWith(callbackBase)) return url;
      continue;
    }
    const page = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
    const prompt = /name="prompt" value="([a-z]+)"/.exec(page)?.[1];
    if (response.status !== 200 || action === undefined || prompt === undefined) {
      throw new Error(`the provider answered ${response.status} without a form: ${page.slice(0, 300)}`);
    }
    url = new URL(action.replaceAll('&amp;', '&'), url);
    const fields: Record<string, string> =
      prompt === 'login' ? { prompt, login, password: 'any password' } : { prompt };
    init = {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    };
  }
  throw new Error('the provider redirected too often');
}
