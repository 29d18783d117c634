export { portalPage, type Brand } from './brand'
export { escapeHtml, EMAIL_COLOURS, EMAIL_COLOUR_PAIRS, LOGO_SIZE, type RenderedEmail } from './emailLayout'
export { isGsm7, smsLength, SMS_MAX_LENGTH, toGsm7 } from './gsm7'
export {
  NOTIFICATION_TEMPLATE_NAMES,
  TEMPLATE_PARAMS,
  TemplateParamsError,
  type NotificationTemplateName,
  type TemplateParams,
} from './params'
export { renderNotification, type RenderedNotification } from './templates'
