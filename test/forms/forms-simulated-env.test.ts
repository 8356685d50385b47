import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnv } from '../../src/config/env';

describe('FORMS_SIMULATED', () => {
  it('is off unless set: production never scores on a simulated form', () => {
    expect(parseEnv({}).FORMS_SIMULATED).toBe(false);
    expect(parseEnv({ FORMS_SIMULATED: '' }).FORMS_SIMULATED).toBe(false);
  });
  it('reads true/false and 1/0, and names the variable for anything else', () => {
    expect(parseEnv({ FORMS_SIMULATED: 'true' }).FORMS_SIMULATED).toBe(true);
    expect(parseEnv({ FORMS_SIMULATED: '1' }).FORMS_SIMULATED).toBe(true);
    expect(parseEnv({ FORMS_SIMULATED: 'false' }).FORMS_SIMULATED).toBe(false);
    expect(() => parseEnv({ FORMS_SIMULATED: 'yes' })).toThrow(ConfigError);
    expect(() => parseEnv({ FORMS_SIMULATED: 'yes' })).toThrow(/FORMS_SIMULATED: must be true or false/);
  });
});
