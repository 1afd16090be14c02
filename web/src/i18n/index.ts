import { createContext, useContext } from 'react';
import { en } from './en';
import { zhCN, type Messages } from './zh-CN';

export type Language = 'zh-CN' | 'en';
export const MESSAGES: Record<Language, Messages> = { 'zh-CN': zhCN, en };
export const I18n = createContext<Messages>(zhCN);
export const useT = (): Messages => useContext(I18n);
