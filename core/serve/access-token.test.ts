import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { describe, test } from 'node:test';
import { isUsableToken, newAccessToken, presentedToken, sameToken, tokenCookie } from './access-token.js';

const request = (headers: Record<string, string>): IncomingMessage => ({ headers }) as unknown as IncomingMessage;
const at = (path: string): URL => new URL(path, 'http://127.0.0.1:1');

describe('access token', () => {
  test('is 32 random bytes in base64url, different every time, and usable', () => {
    const a = newAccessToken();
    assert.match(a, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(Buffer.from(a, 'base64url').length, 32);
    assert.notEqual(a, newAccessToken());
    assert.ok(isUsableToken(a));
  });

  test('short tokens and characters that would need escaping are refused', () => {
    assert.equal(isUsableToken('short'), false);
    assert.equal(isUsableToken('a'.repeat(21)), false);
    assert.equal(isUsableToken('a'.repeat(22)), true);
    assert.equal(isUsableToken(`${'a'.repeat(30)};Path=/x`), false);
    assert.equal(isUsableToken(`${'a'.repeat(30)} b`), false);
  });

  test('comparison: equal, different, different length, empty', () => {
    const t = newAccessToken();
    assert.equal(sameToken(t, t), true);
    assert.equal(sameToken(`${t.slice(0, -1)}${t.endsWith('A') ? 'B' : 'A'}`, t), false);
    assert.equal(sameToken(t.slice(0, 10), t), false);
    assert.equal(sameToken(`${t}x`, t), false);
    assert.equal(sameToken('', t), false);
  });

  test('the query decides first, then Bearer, then the cookie', () => {
    const cookie = 'other=1; netloom_token=from-cookie; x=y';
    const both = request({ authorization: 'Bearer from-bearer', cookie });
    assert.deepEqual(presentedToken(both, at('/?token=from-query')), { token: 'from-query', source: 'query' });
    assert.deepEqual(presentedToken(both, at('/')), { token: 'from-bearer', source: 'bearer' });
    assert.deepEqual(presentedToken(request({ cookie }), at('/')), { token: 'from-cookie', source: 'cookie' });
    assert.deepEqual(presentedToken(request({ authorization: 'bearer  lower' }), at('/')), {
      token: 'lower',
      source: 'bearer',
    });
    assert.equal(presentedToken(request({ authorization: 'Basic abc', cookie: 'netloom_tokenx=1' }), at('/')), null);
  });

  test('the cookie is HttpOnly, SameSite=Strict, for the whole site', () => {
    assert.equal(tokenCookie('abc'), 'netloom_token=abc; HttpOnly; SameSite=Strict; Path=/');
  });
});
