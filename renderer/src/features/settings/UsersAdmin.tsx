/**
 * Users and roles, for administrators (issue #19), over the auth channels the command line
 * also uses: the list of accounts with their roles, a new account (its temporary password is
 * shown once and must be changed at first sign-in), roles changed by ticking boxes, an account
 * disabled or re-enabled, and a new temporary password. Other roles see why it is not shown.
 */
import { useCallback, useEffect, useState } from 'react';
import type { BedsideApi } from '../../../../electron/contract';
import type { Role, UserInfo } from '../../../../electron/contract/channels/auth';
import { api as defaultApi } from '../../api/client';
import { useI18n, type MessageKey } from '../../i18n';
import { ErrorText } from '../../ui/ErrorText';

const ROLES: readonly Role[] = ['clinician', 'nurse', 'admin'];
const ROLE_KEY: Record<Role, MessageKey> = { clinician: 'users.role.clinician', nurse: 'users.role.nurse', admin: 'users.role.admin' };

type Auth = Pick<BedsideApi['auth'], 'listUsers' | 'createUser' | 'updateUser' | 'resetPassword'>;

export function UsersAdmin({ auth = defaultApi.auth }: { auth?: Auth }) {
  const { t } = useI18n();
  const [users, setUsers] = useState<UserInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [draft, setDraft] = useState<{ username: string; displayName: string; roles: Role[] }>({ username: '', displayName: '', roles: ['clinician'] });
  const load = useCallback(() => {
    void auth.listUsers({}).then((r) => (r.ok ? (setUsers(r.value.users), setError(null)) : setError(r.error.message)));
  }, [auth]);
  useEffect(load, [load]);
  const done = (r: { ok: true; value: { user: UserInfo; temporaryPassword?: string } } | { ok: false; error: { message: string } }, said: (u: UserInfo, pw?: string) => string) => {
    if (!r.ok) return setError(r.error.message);
    setError(null);
    setNotice(said(r.value.user, r.value.temporaryPassword));
    load();
  };
  const toggle = (roles: readonly Role[], role: Role): Role[] => (roles.includes(role) ? roles.filter((r) => r !== role) : [...roles, role]);
  if (error && !users) return <ErrorText message={error} />;
  if (!users) return <p role="status">{t('users.loading')}</p>;
  return (
    <div data-testid="users-admin">
      <table className="data-table">
        <caption>{t('users.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('users.name')}</th>
            {ROLES.map((r) => (
              <th scope="col" key={r}>
                {t(ROLE_KEY[r])}
              </th>
            ))}
            <th scope="col">{t('users.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id} data-testid={`user-${u.username}`} className={u.disabled ? 'muted' : undefined}>
              <th scope="row">
                {u.displayName} <span className="muted">({u.username})</span>
                {u.disabled && <span> · {t('users.disabled')}</span>}
              </th>
              {ROLES.map((r) => (
                <td key={r}>
                  <input
                    type="checkbox"
                    aria-label={t('users.roleFor', { role: t(ROLE_KEY[r]), name: u.displayName })}
                    checked={u.roles.includes(r)}
                    onChange={() => {
                      const roles = toggle(u.roles, r);
                      if (roles.length === 0) return setError(t('users.oneRole'));
                      void auth.updateUser({ userId: u.id, roles }).then((res) => done(res, (x) => t('users.rolesChanged', { name: x.displayName })));
                    }}
                  />
                </td>
              ))}
              <td>
                <button type="button" onClick={() => void auth.updateUser({ userId: u.id, disabled: !u.disabled }).then((res) => done(res, (x) => t(x.disabled ? 'users.disabledDone' : 'users.enabledDone', { name: x.displayName })))}>
                  {t(u.disabled ? 'users.enable' : 'users.disable')}
                </button>{' '}
                <button type="button" onClick={() => void auth.resetPassword({ userId: u.id }).then((res) => done(res, (x, pw) => t('users.resetDone', { name: x.displayName, password: pw ?? '' })))}>
                  {t('users.reset')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {notice && (
        <p className="notice" role="status" data-testid="users-notice">
          {notice}
        </p>
      )}
      <ErrorText message={error} />
      <form
        className="new-user"
        aria-labelledby="new-user-title"
        onSubmit={(e) => {
          e.preventDefault();
          if (!draft.username.trim() || !draft.displayName.trim() || draft.roles.length === 0) return setError(t('users.fillAll'));
          void auth.createUser({ username: draft.username.trim(), displayName: draft.displayName.trim(), roles: draft.roles }).then((res) => {
            done(res, (x, pw) => t('users.created', { name: x.displayName, username: x.username, password: pw ?? '' }));
            if (res.ok) setDraft({ username: '', displayName: '', roles: ['clinician'] });
          });
        }}
      >
        <h3 id="new-user-title">{t('users.new')}</h3>
        <div className="form-grid">
          <div className="field">
            <label htmlFor="nu-username">{t('users.username')}</label>
            <input id="nu-username" value={draft.username} autoComplete="off" onChange={(e) => setDraft((d) => ({ ...d, username: e.target.value }))} />
          </div>
          <div className="field">
            <label htmlFor="nu-name">{t('users.displayName')}</label>
            <input id="nu-name" value={draft.displayName} autoComplete="off" onChange={(e) => setDraft((d) => ({ ...d, displayName: e.target.value }))} />
          </div>
        </div>
        <fieldset>
          <legend>{t('users.roles')}</legend>
          {ROLES.map((r) => (
            <label key={r} className="inline-choice">
              <input type="checkbox" checked={draft.roles.includes(r)} onChange={() => setDraft((d) => ({ ...d, roles: toggle(d.roles, r) }))} /> {t(ROLE_KEY[r])}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="primary">
          {t('users.create')}
        </button>
      </form>
    </div>
  );
}
