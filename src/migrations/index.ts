import * as migration_20261128_121700_initial from './20261128_121700_initial';
import * as migration_20261128_121800_login_rate_limits from './20261128_121800_login_rate_limits';
import * as migration_20261128_154800_permission_names from './20261128_154800_permission_names';
import * as migration_20261128_155302_data_model from './20261128_155302_data_model';
import * as migration_20261128_160000_data_model_guarantees from './20261128_160000_data_model_guarantees';
import * as migration_20261128_161108_customer_display_name from './20261128_161108_customer_display_name';
import * as migration_20261128_161651_payment_allocations from './20261128_161651_payment_allocations';
import * as migration_20261128_161700_invoicing_guarantees from './20261128_161700_invoicing_guarantees';
import * as migration_20261128_174500_ledger_columns_guard from './20261128_174500_ledger_columns_guard';
import * as migration_20261129_020220_invoice_pdfs from './20261129_020220_invoice_pdfs';
import * as migration_20261129_021500_lifecycle_commands from './20261129_021500_lifecycle_commands';
import * as migration_20261129_025702_invoice_pdf_paid from './20261129_025702_invoice_pdf_paid';
import * as migration_20261202_074110_hardening from './20261202_074110_hardening';
import * as migration_20261202_080000_login_account_throttle from './20261202_080000_login_account_throttle';
import * as migration_20261202_080145_invoice_notes from './20261202_080145_invoice_notes';
import * as migration_20261202_143436_dashboard_account_changes from './20261202_143436_dashboard_account_changes';
import * as migration_20261202_151000_dashboard_indexes from './20261202_151000_dashboard_indexes';
import * as migration_20261202_162503_scheduled_work_notifications from './20261202_162503_scheduled_work_notifications';
import * as migration_20261202_172114_billing_actions from './20261202_172114_billing_actions';
import * as migration_20261202_174500_search_indexes from './20261202_174500_search_indexes';
import * as migration_20261202_185556_refunds_and_payment_method_audit from './20261202_185556_refunds_and_payment_method_audit';
import * as migration_20261202_191148_products_catalogue from './20261202_191148_products_catalogue';
import * as migration_20261203_160707_usage_sync_network from './20261203_160707_usage_sync_network';
import * as migration_20261204_015927_netcash_mandates from './20261204_015927_netcash_mandates';
import * as migration_20261204_020855_pay_now_requests from './20261204_020855_pay_now_requests';
import * as migration_20261204_034710_debit_order_runs from './20261204_034710_debit_order_runs';
import * as migration_20261204_035243_debit_decisions from './20261204_035243_debit_decisions';
import * as migration_20261204_042702_legacy_orders from './20261204_042702_legacy_orders';
import * as migration_20261204_043200_debit_not_sent from './20261204_043200_debit_not_sent';
import * as migration_20261204_050751_legacy_no_number from './20261204_050751_legacy_no_number';
import * as migration_20261204_190633_read_path_indexes from './20261204_190633_read_path_indexes';
import * as migration_20261204_200000_pdf_jobs_documents_queue from './20261204_200000_pdf_jobs_documents_queue';

export const migrations = [
  {
    up: migration_20261128_121700_initial.up,
    down: migration_20261128_121700_initial.down,
    name: '20261128_121700_initial',
  },
  {
    up: migration_20261128_121800_login_rate_limits.up,
    down: migration_20261128_121800_login_rate_limits.down,
    name: '20261128_121800_login_rate_limits',
  },
  {
    up: migration_20261128_154800_permission_names.up,
    down: migration_20261128_154800_permission_names.down,
    name: '20261128_154800_permission_names',
  },
  {
    up: migration_20261128_155302_data_model.up,
    down: migration_20261128_155302_data_model.down,
    name: '20261128_155302_data_model',
  },
  {
    up: migration_20261128_160000_data_model_guarantees.up,
    down: migration_20261128_160000_data_model_guarantees.down,
    name: '20261128_160000_data_model_guarantees',
  },
  {
    up: migration_20261128_161108_customer_display_name.up,
    down: migration_20261128_161108_customer_display_name.down,
    name: '20261128_161108_customer_display_name',
  },
  {
    up: migration_20261128_161651_payment_allocations.up,
    down: migration_20261128_161651_payment_allocations.down,
    name: '20261128_161651_payment_allocations',
  },
  {
    up: migration_20261128_161700_invoicing_guarantees.up,
    down: migration_20261128_161700_invoicing_guarantees.down,
    name: '20261128_161700_invoicing_guarantees',
  },
  {
    up: migration_20261128_174500_ledger_columns_guard.up,
    down: migration_20261128_174500_ledger_columns_guard.down,
    name: '20261128_174500_ledger_columns_guard',
  },
  {
    up: migration_20261129_020220_invoice_pdfs.up,
    down: migration_20261129_020220_invoice_pdfs.down,
    name: '20261129_020220_invoice_pdfs',
  },
  {
    up: migration_20261129_021500_lifecycle_commands.up,
    down: migration_20261129_021500_lifecycle_commands.down,
    name: '20261129_021500_lifecycle_commands',
  },
  {
    up: migration_20261129_025702_invoice_pdf_paid.up,
    down: migration_20261129_025702_invoice_pdf_paid.down,
    name: '20261129_025702_invoice_pdf_paid',
  },
  {
    up: migration_20261202_074110_hardening.up,
    down: migration_20261202_074110_hardening.down,
    name: '20261202_074110_hardening',
  },
  {
    up: migration_20261202_080000_login_account_throttle.up,
    down: migration_20261202_080000_login_account_throttle.down,
    name: '20261202_080000_login_account_throttle',
  },
  {
    up: migration_20261202_080145_invoice_notes.up,
    down: migration_20261202_080145_invoice_notes.down,
    name: '20261202_080145_invoice_notes',
  },
  {
    up: migration_20261202_143436_dashboard_account_changes.up,
    down: migration_20261202_143436_dashboard_account_changes.down,
    name: '20261202_143436_dashboard_account_changes',
  },
  {
    up: migration_20261202_151000_dashboard_indexes.up,
    down: migration_20261202_151000_dashboard_indexes.down,
    name: '20261202_151000_dashboard_indexes',
  },
  {
    up: migration_20261202_162503_scheduled_work_notifications.up,
    down: migration_20261202_162503_scheduled_work_notifications.down,
    name: '20261202_162503_scheduled_work_notifications',
  },
  {
    up: migration_20261202_172114_billing_actions.up,
    down: migration_20261202_172114_billing_actions.down,
    name: '20261202_172114_billing_actions',
  },
  {
    up: migration_20261202_174500_search_indexes.up,
    down: migration_20261202_174500_search_indexes.down,
    name: '20261202_174500_search_indexes',
  },
  {
    up: migration_20261202_185556_refunds_and_payment_method_audit.up,
    down: migration_20261202_185556_refunds_and_payment_method_audit.down,
    name: '20261202_185556_refunds_and_payment_method_audit',
  },
  {
    up: migration_20261202_191148_products_catalogue.up,
    down: migration_20261202_191148_products_catalogue.down,
    name: '20261202_191148_products_catalogue',
  },
  {
    up: migration_20261203_160707_usage_sync_network.up,
    down: migration_20261203_160707_usage_sync_network.down,
    name: '20261203_160707_usage_sync_network',
  },
  {
    up: migration_20261204_015927_netcash_mandates.up,
    down: migration_20261204_015927_netcash_mandates.down,
    name: '20261204_015927_netcash_mandates',
  },
  {
    up: migration_20261204_020855_pay_now_requests.up,
    down: migration_20261204_020855_pay_now_requests.down,
    name: '20261204_020855_pay_now_requests',
  },
  {
    up: migration_20261204_034710_debit_order_runs.up,
    down: migration_20261204_034710_debit_order_runs.down,
    name: '20261204_034710_debit_order_runs',
  },
  {
    up: migration_20261204_035243_debit_decisions.up,
    down: migration_20261204_035243_debit_decisions.down,
    name: '20261204_035243_debit_decisions',
  },
  {
    up: migration_20261204_042702_legacy_orders.up,
    down: migration_20261204_042702_legacy_orders.down,
    name: '20261204_042702_legacy_orders',
  },
  {
    up: migration_20261204_043200_debit_not_sent.up,
    down: migration_20261204_043200_debit_not_sent.down,
    name: '20261204_043200_debit_not_sent',
  },
  {
    up: migration_20261204_050751_legacy_no_number.up,
    down: migration_20261204_050751_legacy_no_number.down,
    name: '20261204_050751_legacy_no_number',
  },
  {
    up: migration_20261204_190633_read_path_indexes.up,
    down: migration_20261204_190633_read_path_indexes.down,
    name: '20261204_190633_read_path_indexes',
  },
  {
    up: migration_20261204_200000_pdf_jobs_documents_queue.up,
    down: migration_20261204_200000_pdf_jobs_documents_queue.down,
    name: '20261204_200000_pdf_jobs_documents_queue',
  },
];
