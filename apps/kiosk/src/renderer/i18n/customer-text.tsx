import { createContext, useContext } from 'react';
import { type CustomerTranslate, customerTranslator } from './customer-messages.js';

/** The customer screen's translation function, set by `CustomerScreen` for the language the customer chose. */
export const CustomerTextContext = createContext<CustomerTranslate>(customerTranslator('en'));

/**
 * The customer screen's translation function.
 *
 * @example
 * ```tsx
 * const t = useCustomerText();
 * <h2>{t('selfie.title')}</h2>
 * ```
 */
export function useCustomerText(): CustomerTranslate {
  return useContext(CustomerTextContext);
}
