import {
  Button, Field, Input, MessageBar, MessageBarBody, MessageBarTitle, Radio, RadioGroup, Select, Text, Textarea,
  makeStyles, mergeClasses, tokens,
} from '@fluentui/react-components';
import { useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import { ApiError, api } from '../../api/client.ts';
import { useT } from '../../i18n/index.tsx';
import { useSession } from '../../session.tsx';
import type { ConsoleReservation, RequestedAction } from '../money/types.ts';
import { CATEGORIES, ISSUE_TYPES, PROBLEM_TYPES, SEVERITIES, type SupportRequestView } from './support-types.ts';

/**
 * New support request / 새 지원 요청 (rules §7): three steps, Basics (issue type, title,
 * description), Problem (problem type, category, severity) and Contact information, then Create.
 * Started from a reservation it carries the Reservation ID and Reservation order ID; started from
 * Return or Exchange it is prefilled Billing / Reservation management / Exchange and refund and
 * carries the requested action (the desk executes it on approval). Fields are checked here with
 * the server's rules; whatever the server still refuses is shown on the field its error targets.
 */

export interface SupportPrefill {
  issueType?: string;
  problemType?: string;
  category?: string;
  severity?: string;
  title?: string;
  description?: string;
  requestedAction?: RequestedAction;
}

export interface NewSupportRequestProps {
  orderId?: string;
  reservationId?: string;
  reservation?: ConsoleReservation;
  prefill?: SupportPrefill;
  onCreated?(request: SupportRequestView): void;
  onCancel?(): void;
}

type FieldName =
  | 'issueType' | 'title' | 'description' | 'problemType' | 'category' | 'severity'
  | 'firstName' | 'lastName' | 'primaryEmail' | 'additionalEmails' | 'preferredContactMethod' | 'phoneNumber'
  | 'preferredTimeZone' | 'preferredSupportLanguage' | 'country';

const STEP_OF: Record<FieldName, 0 | 1 | 2> = {
  issueType: 0, title: 0, description: 0, problemType: 1, category: 1, severity: 1,
  firstName: 2, lastName: 2, primaryEmail: 2, additionalEmails: 2, preferredContactMethod: 2, phoneNumber: 2,
  preferredTimeZone: 2, preferredSupportLanguage: 2, country: 2,
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9 ()-]{6,20}$/;
const TIME_ZONES = ['Asia/Seoul', 'Asia/Tokyo', 'UTC', 'Europe/London', 'America/New_York', 'America/Los_Angeles'];
const LANGUAGES = ['ko-KR', 'en-US'];

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '760px' },
  steps: { display: 'flex', gap: tokens.spacingHorizontalS, listStyle: 'none', padding: 0, margin: 0, flexWrap: 'wrap' },
  step: {
    display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM}`,
    borderBottom: `3px solid ${tokens.colorNeutralStroke2}`, color: tokens.colorNeutralForeground2,
  },
  stepCurrent: { borderBottomColor: tokens.colorBrandStroke1, color: tokens.colorNeutralForeground1, fontWeight: tokens.fontWeightSemibold },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  row: { display: 'grid', gridTemplateColumns: '1fr 1fr', gap: tokens.spacingHorizontalL },
  ids: { display: 'grid', gridTemplateColumns: '1fr 1fr', gap: tokens.spacingHorizontalL },
  buttons: { display: 'flex', gap: tokens.spacingHorizontalS, marginTop: tokens.spacingVerticalS },
  h2: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
});

export default function NewSupportRequest({ orderId, reservationId, reservation, prefill, onCreated, onCancel }: NewSupportRequestProps) {
  const t = useT();
  const s = useStyles();
  const { me } = useSession();
  const [step, setStep] = useState<0 | 1 | 2>(0);
  const resId = reservationId ?? reservation?.properties.reservationId ?? reservation?.name;
  const ordId = orderId ?? reservation?.properties.reservationOrderId;
  const [v, setV] = useState<Record<FieldName, string>>(() => ({
    issueType: prefill?.issueType ?? 'Billing',
    title: prefill?.title ?? '',
    description: prefill?.description ?? '',
    problemType: prefill?.problemType ?? 'ReservationManagement',
    category: prefill?.category ?? 'ExchangeAndRefund',
    severity: prefill?.severity ?? 'moderate',
    firstName: '', lastName: '',
    primaryEmail: (me as { email?: string }).email ?? '',
    additionalEmails: '',
    preferredContactMethod: 'email', phoneNumber: '',
    preferredTimeZone: 'Asia/Seoul',
    preferredSupportLanguage: document.documentElement.lang === 'ko' ? 'ko-KR' : 'en-US',
    country: me.partner?.billingCurrency === 'KRW' ? 'KOR' : 'USA',
  }));
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [formError, setFormError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<SupportRequestView | null>(null);
  const stepHeading = useRef<HTMLHeadingElement>(null);

  const set = (name: FieldName) => (value: string) => {
    setV((old) => ({ ...old, [name]: value }));
    setErrors((old) => ({ ...old, [name]: undefined }));
  };

  const phoneRequired = v.preferredContactMethod === 'phone' || v.severity === 'critical';

  /** The server's rules (support-routes.ts createBody), checked before leaving a step. */
  const check = (which: 0 | 1 | 2): Partial<Record<FieldName, string>> => {
    const e: Partial<Record<FieldName, string>> = {};
    if (which === 0) {
      if (!v.title.trim()) e.title = t('support.validation.required');
      else if (v.title.trim().length > 140) e.title = t('support.validation.tooLong', { max: 140 });
      if (!v.description.trim()) e.description = t('support.validation.required');
      else if (v.description.trim().length > 5000) e.description = t('support.validation.tooLong', { max: 5000 });
    }
    if (which === 2) {
      if (!v.firstName.trim()) e.firstName = t('support.validation.required');
      if (!v.lastName.trim()) e.lastName = t('support.validation.required');
      if (!EMAIL.test(v.primaryEmail.trim())) e.primaryEmail = t('support.validation.email');
      const extra = splitEmails(v.additionalEmails);
      if (extra.some((x) => !EMAIL.test(x))) e.additionalEmails = t('support.validation.additionalEmails');
      if (phoneRequired && !v.phoneNumber.trim()) e.phoneNumber = t('support.validation.phoneRequired');
      else if (v.phoneNumber.trim() && !PHONE.test(v.phoneNumber.trim())) e.phoneNumber = t('support.validation.phone');
      if (!/^[A-Za-z]{3}$/.test(v.country.trim())) e.country = t('support.validation.country');
    }
    return e;
  };

  const go = (next: 0 | 1 | 2) => {
    if (next > step) {
      const e = check(step);
      if (Object.keys(e).length) {
        setErrors(e);
        return;
      }
    }
    setStep(next);
    setTimeout(() => stepHeading.current?.focus(), 0);
  };

  const create = async () => {
    const all = { ...check(0), ...check(2) };
    if (Object.keys(all).length) {
      setErrors(all);
      const first = Math.min(...Object.keys(all).map((k) => STEP_OF[k as FieldName])) as 0 | 1 | 2;
      setStep(first);
      return;
    }
    setBusy(true);
    setFormError(null);
    try {
      const body = {
        basics: { issueType: v.issueType, title: v.title.trim(), description: v.description.trim() },
        problem: { problemType: v.problemType, category: v.category, severity: v.severity },
        contact: {
          firstName: v.firstName.trim(), lastName: v.lastName.trim(), primaryEmail: v.primaryEmail.trim(),
          additionalEmails: splitEmails(v.additionalEmails), preferredContactMethod: v.preferredContactMethod,
          ...(v.phoneNumber.trim() ? { phoneNumber: v.phoneNumber.trim() } : {}),
          preferredTimeZone: v.preferredTimeZone, preferredSupportLanguage: v.preferredSupportLanguage, country: v.country.trim().toUpperCase(),
        },
        ...(resId && ordId ? { reservationOrderId: ordId, reservationId: resId } : {}),
        ...(prefill?.requestedAction ? { requestedAction: prefill.requestedAction } : {}),
      };
      const result = await api<SupportRequestView>('POST', '/v1/supportRequests', body);
      setCreated(result);
      onCreated?.(result);
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError(0, 'ClientError', String(err));
      const fieldErrors = serverFieldErrors(e, t);
      if (Object.keys(fieldErrors).length) {
        setErrors(fieldErrors);
        setStep(Math.min(...Object.keys(fieldErrors).map((k) => STEP_OF[k as FieldName])) as 0 | 1 | 2);
      }
      setFormError(e);
    } finally {
      setBusy(false);
    }
  };

  const stepNames = [t('support.step.basics'), t('support.step.problem'), t('support.step.contact')];
  const fieldProps = (name: FieldName) => ({
    validationState: errors[name] ? ('error' as const) : undefined,
    validationMessage: errors[name],
  });

  if (created) {
    return (
      <section className={s.root} aria-labelledby="nsr-done">
        <MessageBar intent="success" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle id="nsr-done">{t('support.new.created', { number: created.number })}</MessageBarTitle>
            {t('support.new.createdBody')}{' '}
            <Link to={`/support-requests/${created.id}`} data-testid="created-request-link">{t('support.new.openRequest')}</Link>
          </MessageBarBody>
        </MessageBar>
      </section>
    );
  }

  return (
    <section className={s.root} aria-labelledby="nsr-title">
      <h2 id="nsr-title" className={s.h2}>{t('support.new.title')}</h2>
      <ol className={s.steps} aria-label={t('support.new.stepsLabel')}>
        {stepNames.map((name, i) => (
          <li key={name} className={mergeClasses(s.step, i === step && s.stepCurrent)} aria-current={i === step ? 'step' : undefined}>
            <Text weight={i === step ? 'semibold' : 'regular'}>{`${i + 1}. ${name}`}</Text>
          </li>
        ))}
      </ol>
      {prefill?.requestedAction ? (
        <MessageBar intent="info">
          <MessageBarBody>{t(prefill.requestedAction.type === 'return' ? 'support.new.carriesReturn' : 'support.new.carriesExchange', { quantity: prefill.requestedAction.type === 'return' ? prefill.requestedAction.quantity : 0 })}</MessageBarBody>
        </MessageBar>
      ) : null}
      <form className={s.form} onSubmit={(e) => { e.preventDefault(); if (step < 2) go((step + 1) as 1 | 2); else void create(); }} noValidate>
        <h3 ref={stepHeading} tabIndex={-1} className={s.h2}>{stepNames[step]}</h3>
        {step === 0 ? (
          <>
            <Field label={t('support.field.issueType')} required {...fieldProps('issueType')}>
              <Select value={v.issueType} onChange={(_, d) => set('issueType')(d.value)}>
                {ISSUE_TYPES.map((x) => <option key={x} value={x}>{t(`support.issueType.${x}`)}</option>)}
              </Select>
            </Field>
            <Field label={t('support.field.title')} required {...fieldProps('title')}>
              <Input value={v.title} onChange={(_, d) => set('title')(d.value)} maxLength={140} />
            </Field>
            <Field label={t('support.field.description')} required {...fieldProps('description')}>
              <Textarea value={v.description} onChange={(_, d) => set('description')(d.value)} rows={5} resize="vertical" />
            </Field>
            {resId && ordId ? (
              <div className={s.ids}>
                <Field label={t('support.field.reservationId')}>
                  <Input value={resId} readOnly data-testid="nsr-reservation-id" />
                </Field>
                <Field label={t('support.field.reservationOrderId')}>
                  <Input value={ordId} readOnly data-testid="nsr-order-id" />
                </Field>
              </div>
            ) : null}
          </>
        ) : null}
        {step === 1 ? (
          <>
            <Field label={t('support.field.problemType')} required {...fieldProps('problemType')}>
              <Select value={v.problemType} onChange={(_, d) => set('problemType')(d.value)}>
                {PROBLEM_TYPES.map((x) => <option key={x} value={x}>{t(`support.problemType.${x}`)}</option>)}
              </Select>
            </Field>
            <Field label={t('support.field.category')} required {...fieldProps('category')}>
              <Select value={v.category} onChange={(_, d) => set('category')(d.value)}>
                {CATEGORIES.map((x) => <option key={x} value={x}>{t(`support.category.${x}`)}</option>)}
              </Select>
            </Field>
            <Field label={t('support.field.severity')} required {...fieldProps('severity')} hint={t(`support.severity.hint.${v.severity}`)}>
              <RadioGroup value={v.severity} onChange={(_, d) => set('severity')(d.value)} layout="horizontal">
                {SEVERITIES.map((x) => <Radio key={x} value={x} label={t(`support.severity.${x}`)} />)}
              </RadioGroup>
            </Field>
          </>
        ) : null}
        {step === 2 ? (
          <>
            <div className={s.row}>
              <Field label={t('support.field.firstName')} required {...fieldProps('firstName')}>
                <Input value={v.firstName} onChange={(_, d) => set('firstName')(d.value)} autoComplete="given-name" />
              </Field>
              <Field label={t('support.field.lastName')} required {...fieldProps('lastName')}>
                <Input value={v.lastName} onChange={(_, d) => set('lastName')(d.value)} autoComplete="family-name" />
              </Field>
            </div>
            <Field label={t('support.field.primaryEmail')} required {...fieldProps('primaryEmail')}>
              <Input type="email" value={v.primaryEmail} onChange={(_, d) => set('primaryEmail')(d.value)} autoComplete="email" />
            </Field>
            <Field label={t('support.field.additionalEmails')} hint={t('support.field.additionalEmailsHint')} {...fieldProps('additionalEmails')}>
              <Input value={v.additionalEmails} onChange={(_, d) => set('additionalEmails')(d.value)} />
            </Field>
            <Field label={t('support.field.preferredContactMethod')} required {...fieldProps('preferredContactMethod')}>
              <RadioGroup value={v.preferredContactMethod} onChange={(_, d) => set('preferredContactMethod')(d.value)} layout="horizontal">
                <Radio value="email" label={t('support.contactMethod.email')} />
                <Radio value="phone" label={t('support.contactMethod.phone')} />
              </RadioGroup>
            </Field>
            <Field label={t('support.field.phoneNumber')} required={phoneRequired} hint={phoneRequired ? t('support.field.phoneHint') : undefined} {...fieldProps('phoneNumber')}>
              <Input type="tel" value={v.phoneNumber} onChange={(_, d) => set('phoneNumber')(d.value)} autoComplete="tel" />
            </Field>
            <div className={s.row}>
              <Field label={t('support.field.preferredTimeZone')} required {...fieldProps('preferredTimeZone')}>
                <Select value={v.preferredTimeZone} onChange={(_, d) => set('preferredTimeZone')(d.value)}>
                  {TIME_ZONES.map((z) => <option key={z} value={z}>{t(`support.timeZone.${z.replace('/', '_')}`)}</option>)}
                </Select>
              </Field>
              <Field label={t('support.field.preferredSupportLanguage')} required {...fieldProps('preferredSupportLanguage')}>
                <Select value={v.preferredSupportLanguage} onChange={(_, d) => set('preferredSupportLanguage')(d.value)}>
                  {LANGUAGES.map((l) => <option key={l} value={l}>{t(`support.language.${l}`)}</option>)}
                </Select>
              </Field>
            </div>
            <Field label={t('support.field.country')} required hint={t('support.field.countryHint')} {...fieldProps('country')}>
              <Input value={v.country} onChange={(_, d) => set('country')(d.value.toUpperCase())} maxLength={3} autoComplete="country" />
            </Field>
          </>
        ) : null}
        {formError ? (
          <MessageBar intent="error" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>{t('support.new.failed')}</MessageBarTitle>
              {Object.keys(errors).length ? t('support.new.fixFields') : formError.message}
            </MessageBarBody>
          </MessageBar>
        ) : null}
        <div className={s.buttons}>
          {step > 0 ? <Button onClick={() => go((step - 1) as 0 | 1)}>{t('support.new.previous')}</Button> : null}
          {step < 2 ? (
            <Button appearance="primary" type="submit">{t('support.new.next')}</Button>
          ) : (
            <Button appearance="primary" type="submit" disabled={busy}>{busy ? t('support.new.creating') : t('support.new.create')}</Button>
          )}
          {onCancel ? <Button appearance="subtle" onClick={onCancel}>{t('support.new.cancel')}</Button> : null}
        </div>
      </form>
    </section>
  );
}

function splitEmails(text: string): string[] {
  return text.split(/[,;\s]+/).map((x) => x.trim()).filter(Boolean);
}

/** Maps the server's validation details (target "contact.phoneNumber", "basics.title" …) onto the form's fields. */
function serverFieldErrors(e: ApiError, t: (k: string, v?: Record<string, string | number>) => string): Partial<Record<FieldName, string>> {
  const out: Partial<Record<FieldName, string>> = {};
  const details = Array.isArray(e.details) ? (e.details as Array<{ target?: string }>) : [];
  const targets = [e.target, ...details.map((d) => d.target)].filter((x): x is string => !!x);
  for (const target of targets) {
    const last = target.split('.').at(-1)?.replace(/\[\d+\]$/, '') ?? '';
    const name = (/^\d+$/.test(last) ? target.split('.').at(-2) : last) as FieldName;
    if (name in STEP_OF) out[name] = t(`support.validation.server.${name}`);
  }
  return out;
}

export function useSupportLabels() {
  const t = useT();
  return useMemo(() => ({
    status: (x: string) => t(`support.status.${x}`),
    severity: (x: string) => t(`support.severity.${x}`),
    issueType: (x: string) => t(`support.issueType.${x}`),
    problemType: (x: string) => t(`support.problemType.${x}`),
    category: (x: string) => t(`support.category.${x}`),
  }), [t]);
}
