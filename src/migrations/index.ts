import * as migration_20261128_121700_initial from './20261128_121700_initial';
import * as migration_20261128_121800_login_rate_limits from './20261128_121800_login_rate_limits';

export const migrations = [
  {
    up: migration_20261128_121700_initial.up,
    down: migration_20261128_121700_initial.down,
    name: '20261128_121700_initial'
  },
  {
    up: migration_20261128_121800_login_rate_limits.up,
    down: migration_20261128_121800_login_rate_limits.down,
    name: '20261128_121800_login_rate_limits'
  },
];
