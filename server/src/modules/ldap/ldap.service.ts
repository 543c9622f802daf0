import type { UsersTable } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import type { ProvisioningService } from '../provisioning/provisioning.service.js';
import { DirectoryUnavailableError, type LdapDirectory } from './ldap-directory.js';

export interface LdapSignIn {
  /** The user these directory credentials sign in as; 401 when the directory refuses them. */
  signIn(username: string, password: string): Promise<UsersTable>;
}

/** Sign-in through the directory, or 403 `provider_disabled` everywhere when `AUTH_LDAP_ENABLED` is off. */
export function createLdapSignIn(directory: LdapDirectory | undefined, provisioning: ProvisioningService): LdapSignIn {
  return {
    async signIn(username, password) {
      if (directory === undefined) {
        throw new AppError('provider_disabled', 'Sign-in through LDAP is not enabled (AUTH_LDAP_ENABLED)');
      }
      let person;
      try {
        person = await directory.authenticate(username, password);
      } catch (error) {
        if (!(error instanceof DirectoryUnavailableError)) throw error;
        throw new AppError(
          'directory_unavailable',
          'The LDAP directory cannot be reached right now; try again later (local sign-in is not affected)',
        );
      }
      if (person === undefined) throw new AppError('invalid_credentials', 'Wrong username or password');
      if (person.disabled) throw new AppError('account_disabled', 'The directory marks this account disabled');
      return provisioning.signIn('ldap', {
        externalId: person.dn,
        username: person.username === '' ? username : person.username,
        email: person.email,
        // The directory is the authority on its own entries' mail.
        emailVerified: true,
        displayName: person.displayName,
        groups: person.groups,
      });
    },
  };
}
