import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_customers_account_status" AS ENUM('active', 'suspended', 'closed');
  CREATE TYPE "public"."enum_customers_account_type" AS ENUM('residential', 'business');
  CREATE TYPE "public"."enum_customers_postal_address_province" AS ENUM('Eastern Cape', 'Free State', 'Gauteng', 'KwaZulu-Natal', 'Limpopo', 'Mpumalanga', 'North West', 'Northern Cape', 'Western Cape');
  CREATE TYPE "public"."enum_consumer_orders_status" AS ENUM('pending', 'confirmed', 'scheduled', 'installed', 'cancelled');
  CREATE TYPE "public"."enum_services_type" AS ENUM('fibre', 'lte', 'wireless');
  CREATE TYPE "public"."enum_services_status" AS ENUM('pending', 'active', 'suspended', 'cancelled');
  CREATE TYPE "public"."enum_usage_records_source" AS ENUM('interstellio', 'manual');
  CREATE TYPE "public"."enum_service_suspensions_suspension_type" AS ENUM('non_payment', 'customer_request', 'technical');
  CREATE TYPE "public"."enum_invoices_lines_kind" AS ENUM('service', 'pro_rata', 'installation', 'equipment', 'credit', 'adjustment', 'other');
  CREATE TYPE "public"."enum_invoices_status" AS ENUM('draft', 'unpaid', 'partially_paid', 'paid', 'overdue', 'void');
  CREATE TYPE "public"."enum_invoices_kind" AS ENUM('pro_rata', 'recurring', 'installation', 'final', 'adhoc', 'credit_note');
  CREATE TYPE "public"."enum_payment_transactions_currency" AS ENUM('ZAR');
  CREATE TYPE "public"."enum_payment_transactions_status" AS ENUM('pending', 'submitted', 'completed', 'failed', 'returned', 'refunded');
  CREATE TYPE "public"."enum_payment_methods_type" AS ENUM('debit_order', 'card', 'eft');
  CREATE TYPE "public"."enum_payment_methods_mandate_status" AS ENUM('pending', 'active', 'declined', 'cancelled');
  CREATE TYPE "public"."enum_service_actions_action" AS ENUM('create', 'activate', 'suspend', 'reactivate', 'cancel', 'update', 'note');
  CREATE TYPE "public"."enum_service_actions_previous_status" AS ENUM('pending', 'active', 'suspended', 'cancelled');
  CREATE TYPE "public"."enum_service_actions_new_status" AS ENUM('pending', 'active', 'suspended', 'cancelled');
  CREATE TYPE "public"."enum_job_runs_status" AS ENUM('running', 'succeeded', 'partially_failed', 'failed');
  CREATE TYPE "public"."enum_notifications_channel" AS ENUM('sms', 'email');
  CREATE TYPE "public"."enum_notifications_status" AS ENUM('queued', 'sent', 'delivered', 'failed');
  CREATE TABLE "consumer_orders" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"order_number" varchar NOT NULL,
  	"customer_email" varchar NOT NULL,
  	"customer_id" integer,
  	"status" "enum_consumer_orders_status" DEFAULT 'pending' NOT NULL,
  	"details" jsonb,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "services" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"customer_id" integer NOT NULL,
  	"type" "enum_services_type" NOT NULL,
  	"package_name" varchar NOT NULL,
  	"download_mbps" numeric NOT NULL,
  	"upload_mbps" numeric NOT NULL,
  	"data_cap_gb" numeric,
  	"monthly_price_cents" numeric NOT NULL,
  	"installation_address" varchar NOT NULL,
  	"latitude" numeric,
  	"longitude" numeric,
  	"connection_id" varchar,
  	"status" "enum_services_status" DEFAULT 'pending' NOT NULL,
  	"activation_date" timestamp(3) with time zone,
  	"suspension_date" timestamp(3) with time zone,
  	"cancellation_date" timestamp(3) with time zone,
  	"billing_day" numeric DEFAULT 1 NOT NULL,
  	"next_billing_date" timestamp(3) with time zone,
  	"billing_paused" boolean DEFAULT false,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "usage_records" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"service_id" integer NOT NULL,
  	"customer_id" integer NOT NULL,
  	"date" timestamp(3) with time zone NOT NULL,
  	"upload_bytes" numeric NOT NULL,
  	"download_bytes" numeric NOT NULL,
  	"total_bytes" numeric,
  	"source" "enum_usage_records_source" DEFAULT 'manual' NOT NULL,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "service_suspensions" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"service_id" integer NOT NULL,
  	"suspension_type" "enum_service_suspensions_suspension_type" NOT NULL,
  	"reason" varchar,
  	"suspended_at" timestamp(3) with time zone NOT NULL,
  	"reactivated_at" timestamp(3) with time zone,
  	"skip_billing" boolean DEFAULT false,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "billing_accounts" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"customer_id" integer NOT NULL,
  	"balance_cents" numeric DEFAULT 0 NOT NULL,
  	"credit_limit_cents" numeric DEFAULT 0 NOT NULL,
  	"primary_payment_method_id" integer,
  	"auto_pay" boolean DEFAULT false,
  	"notify_by_sms" boolean DEFAULT true,
  	"notify_by_email" boolean DEFAULT true,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "invoices_lines" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"description" varchar NOT NULL,
  	"kind" "enum_invoices_lines_kind" NOT NULL,
  	"quantity" numeric DEFAULT 1 NOT NULL,
  	"unit_price_cents" numeric NOT NULL,
  	"excl_vat_cents" numeric NOT NULL,
  	"vat_rate_basis_points" numeric NOT NULL,
  	"vat_cents" numeric NOT NULL,
  	"incl_vat_cents" numeric NOT NULL
  );
  
  CREATE TABLE "invoices" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"invoice_number" varchar,
  	"status" "enum_invoices_status" DEFAULT 'draft' NOT NULL,
  	"customer_id" integer NOT NULL,
  	"service_id" integer,
  	"kind" "enum_invoices_kind" NOT NULL,
  	"invoice_date" timestamp(3) with time zone NOT NULL,
  	"due_date" timestamp(3) with time zone NOT NULL,
  	"period_start" timestamp(3) with time zone,
  	"period_end" timestamp(3) with time zone,
  	"subtotal_cents" numeric,
  	"vat_cents" numeric,
  	"total_cents" numeric,
  	"amount_paid_cents" numeric DEFAULT 0,
  	"amount_due_cents" numeric,
  	"void_reason" varchar,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "payment_transactions" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"transaction_id" varchar NOT NULL,
  	"customer_id" integer NOT NULL,
  	"invoice_id" integer,
  	"payment_method_id" integer,
  	"amount_cents" numeric NOT NULL,
  	"currency" "enum_payment_transactions_currency" DEFAULT 'ZAR' NOT NULL,
  	"status" "enum_payment_transactions_status" DEFAULT 'pending' NOT NULL,
  	"gateway_reference" varchar,
  	"gateway_response" jsonb,
  	"failure_reason" varchar,
  	"submitted_at" timestamp(3) with time zone,
  	"completed_at" timestamp(3) with time zone,
  	"failed_at" timestamp(3) with time zone,
  	"returned_at" timestamp(3) with time zone,
  	"refunded_at" timestamp(3) with time zone,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "payment_methods" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"customer_id" integer NOT NULL,
  	"type" "enum_payment_methods_type" NOT NULL,
  	"display_name" varchar NOT NULL,
  	"last_four" varchar,
  	"encrypted_details" varchar,
  	"mandate_reference" varchar,
  	"mandate_status" "enum_payment_methods_mandate_status",
  	"is_primary" boolean DEFAULT false,
  	"is_active" boolean DEFAULT true,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "service_actions" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"service_id" integer NOT NULL,
  	"customer_id" integer NOT NULL,
  	"staff_user_id" integer,
  	"action" "enum_service_actions_action" NOT NULL,
  	"reason" varchar NOT NULL,
  	"notes" varchar,
  	"previous_status" "enum_service_actions_previous_status",
  	"new_status" "enum_service_actions_new_status",
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "job_runs" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"job_name" varchar NOT NULL,
  	"started_at" timestamp(3) with time zone NOT NULL,
  	"finished_at" timestamp(3) with time zone,
  	"status" "enum_job_runs_status" DEFAULT 'running' NOT NULL,
  	"records_processed" numeric DEFAULT 0,
  	"records_failed" numeric DEFAULT 0,
  	"input" jsonb,
  	"errors" jsonb,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "notifications" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"customer_id" integer NOT NULL,
  	"channel" "enum_notifications_channel" NOT NULL,
  	"template" varchar NOT NULL,
  	"recipient" varchar NOT NULL,
  	"status" "enum_notifications_status" DEFAULT 'queued' NOT NULL,
  	"provider_message_id" varchar,
  	"error" varchar,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "validation_errors" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"source" varchar NOT NULL,
  	"record_reference" varchar NOT NULL,
  	"reason" varchar NOT NULL,
  	"suggested_fix" varchar,
  	"resolved" boolean DEFAULT false,
  	"resolved_at" timestamp(3) with time zone,
  	"resolved_by_id" integer,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  ALTER TABLE "customers" ADD COLUMN "account_number" varchar;
  ALTER TABLE "customers" ADD COLUMN "account_status" "enum_customers_account_status" DEFAULT 'active' NOT NULL;
  ALTER TABLE "customers" ADD COLUMN "account_type" "enum_customers_account_type" DEFAULT 'residential' NOT NULL;
  ALTER TABLE "customers" ADD COLUMN "company_name" varchar;
  ALTER TABLE "customers" ADD COLUMN "mobile" varchar;
  ALTER TABLE "customers" ADD COLUMN "id_number" varchar;
  ALTER TABLE "customers" ADD COLUMN "postal_address_line1" varchar;
  ALTER TABLE "customers" ADD COLUMN "postal_address_line2" varchar;
  ALTER TABLE "customers" ADD COLUMN "postal_address_suburb" varchar;
  ALTER TABLE "customers" ADD COLUMN "postal_address_city" varchar;
  ALTER TABLE "customers" ADD COLUMN "postal_address_province" "enum_customers_postal_address_province";
  ALTER TABLE "customers" ADD COLUMN "postal_address_postal_code" varchar;
  ALTER TABLE "customers" ADD COLUMN "customer_since" timestamp(3) with time zone;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "consumer_orders_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "services_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "usage_records_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "service_suspensions_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "billing_accounts_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "invoices_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "payment_transactions_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "payment_methods_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "service_actions_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "job_runs_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "notifications_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "validation_errors_id" integer;
  ALTER TABLE "consumer_orders" ADD CONSTRAINT "consumer_orders_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "services" ADD CONSTRAINT "services_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "usage_records" ADD CONSTRAINT "usage_records_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "usage_records" ADD CONSTRAINT "usage_records_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "service_suspensions" ADD CONSTRAINT "service_suspensions_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "billing_accounts" ADD CONSTRAINT "billing_accounts_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "billing_accounts" ADD CONSTRAINT "billing_accounts_primary_payment_method_id_payment_methods_id_fk" FOREIGN KEY ("primary_payment_method_id") REFERENCES "public"."payment_methods"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "invoices_lines" ADD CONSTRAINT "invoices_lines_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."invoices"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "invoices" ADD CONSTRAINT "invoices_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "invoices" ADD CONSTRAINT "invoices_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "payment_transactions" ADD CONSTRAINT "payment_transactions_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "payment_transactions" ADD CONSTRAINT "payment_transactions_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "payment_transactions" ADD CONSTRAINT "payment_transactions_payment_method_id_payment_methods_id_fk" FOREIGN KEY ("payment_method_id") REFERENCES "public"."payment_methods"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "payment_methods" ADD CONSTRAINT "payment_methods_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "service_actions" ADD CONSTRAINT "service_actions_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "service_actions" ADD CONSTRAINT "service_actions_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "service_actions" ADD CONSTRAINT "service_actions_staff_user_id_users_id_fk" FOREIGN KEY ("staff_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "notifications" ADD CONSTRAINT "notifications_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "validation_errors" ADD CONSTRAINT "validation_errors_resolved_by_id_users_id_fk" FOREIGN KEY ("resolved_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  CREATE UNIQUE INDEX "consumer_orders_order_number_idx" ON "consumer_orders" USING btree ("order_number");
  CREATE INDEX "consumer_orders_customer_email_idx" ON "consumer_orders" USING btree ("customer_email");
  CREATE INDEX "consumer_orders_customer_idx" ON "consumer_orders" USING btree ("customer_id");
  CREATE INDEX "consumer_orders_status_idx" ON "consumer_orders" USING btree ("status");
  CREATE INDEX "consumer_orders_updated_at_idx" ON "consumer_orders" USING btree ("updated_at");
  CREATE INDEX "consumer_orders_created_at_idx" ON "consumer_orders" USING btree ("created_at");
  CREATE INDEX "services_customer_idx" ON "services" USING btree ("customer_id");
  CREATE UNIQUE INDEX "services_connection_id_idx" ON "services" USING btree ("connection_id");
  CREATE INDEX "services_status_idx" ON "services" USING btree ("status");
  CREATE INDEX "services_billing_day_idx" ON "services" USING btree ("billing_day");
  CREATE INDEX "services_next_billing_date_idx" ON "services" USING btree ("next_billing_date");
  CREATE INDEX "services_updated_at_idx" ON "services" USING btree ("updated_at");
  CREATE INDEX "services_created_at_idx" ON "services" USING btree ("created_at");
  CREATE INDEX "usage_records_service_idx" ON "usage_records" USING btree ("service_id");
  CREATE INDEX "usage_records_customer_idx" ON "usage_records" USING btree ("customer_id");
  CREATE INDEX "usage_records_date_idx" ON "usage_records" USING btree ("date");
  CREATE INDEX "usage_records_updated_at_idx" ON "usage_records" USING btree ("updated_at");
  CREATE INDEX "usage_records_created_at_idx" ON "usage_records" USING btree ("created_at");
  CREATE UNIQUE INDEX "service_date_idx" ON "usage_records" USING btree ("service_id","date");
  CREATE INDEX "customer_date_idx" ON "usage_records" USING btree ("customer_id","date");
  CREATE INDEX "service_suspensions_service_idx" ON "service_suspensions" USING btree ("service_id");
  CREATE INDEX "service_suspensions_suspension_type_idx" ON "service_suspensions" USING btree ("suspension_type");
  CREATE INDEX "service_suspensions_updated_at_idx" ON "service_suspensions" USING btree ("updated_at");
  CREATE INDEX "service_suspensions_created_at_idx" ON "service_suspensions" USING btree ("created_at");
  CREATE INDEX "billing_accounts_customer_idx" ON "billing_accounts" USING btree ("customer_id");
  CREATE INDEX "billing_accounts_primary_payment_method_idx" ON "billing_accounts" USING btree ("primary_payment_method_id");
  CREATE INDEX "billing_accounts_updated_at_idx" ON "billing_accounts" USING btree ("updated_at");
  CREATE INDEX "billing_accounts_created_at_idx" ON "billing_accounts" USING btree ("created_at");
  CREATE INDEX "invoices_lines_order_idx" ON "invoices_lines" USING btree ("_order");
  CREATE INDEX "invoices_lines_parent_id_idx" ON "invoices_lines" USING btree ("_parent_id");
  CREATE UNIQUE INDEX "invoices_invoice_number_idx" ON "invoices" USING btree ("invoice_number");
  CREATE INDEX "invoices_status_idx" ON "invoices" USING btree ("status");
  CREATE INDEX "invoices_customer_idx" ON "invoices" USING btree ("customer_id");
  CREATE INDEX "invoices_service_idx" ON "invoices" USING btree ("service_id");
  CREATE INDEX "invoices_invoice_date_idx" ON "invoices" USING btree ("invoice_date");
  CREATE INDEX "invoices_due_date_idx" ON "invoices" USING btree ("due_date");
  CREATE INDEX "invoices_updated_at_idx" ON "invoices" USING btree ("updated_at");
  CREATE INDEX "invoices_created_at_idx" ON "invoices" USING btree ("created_at");
  CREATE INDEX "customer_status_idx" ON "invoices" USING btree ("customer_id","status");
  CREATE INDEX "status_dueDate_idx" ON "invoices" USING btree ("status","due_date");
  CREATE UNIQUE INDEX "payment_transactions_transaction_id_idx" ON "payment_transactions" USING btree ("transaction_id");
  CREATE INDEX "payment_transactions_customer_idx" ON "payment_transactions" USING btree ("customer_id");
  CREATE INDEX "payment_transactions_invoice_idx" ON "payment_transactions" USING btree ("invoice_id");
  CREATE INDEX "payment_transactions_payment_method_idx" ON "payment_transactions" USING btree ("payment_method_id");
  CREATE INDEX "payment_transactions_status_idx" ON "payment_transactions" USING btree ("status");
  CREATE INDEX "payment_transactions_gateway_reference_idx" ON "payment_transactions" USING btree ("gateway_reference");
  CREATE INDEX "payment_transactions_updated_at_idx" ON "payment_transactions" USING btree ("updated_at");
  CREATE INDEX "payment_transactions_created_at_idx" ON "payment_transactions" USING btree ("created_at");
  CREATE INDEX "payment_methods_customer_idx" ON "payment_methods" USING btree ("customer_id");
  CREATE INDEX "payment_methods_is_active_idx" ON "payment_methods" USING btree ("is_active");
  CREATE INDEX "payment_methods_updated_at_idx" ON "payment_methods" USING btree ("updated_at");
  CREATE INDEX "payment_methods_created_at_idx" ON "payment_methods" USING btree ("created_at");
  CREATE INDEX "service_actions_service_idx" ON "service_actions" USING btree ("service_id");
  CREATE INDEX "service_actions_customer_idx" ON "service_actions" USING btree ("customer_id");
  CREATE INDEX "service_actions_staff_user_idx" ON "service_actions" USING btree ("staff_user_id");
  CREATE INDEX "service_actions_action_idx" ON "service_actions" USING btree ("action");
  CREATE INDEX "service_actions_updated_at_idx" ON "service_actions" USING btree ("updated_at");
  CREATE INDEX "service_actions_created_at_idx" ON "service_actions" USING btree ("created_at");
  CREATE INDEX "service_createdAt_idx" ON "service_actions" USING btree ("service_id","created_at");
  CREATE INDEX "job_runs_job_name_idx" ON "job_runs" USING btree ("job_name");
  CREATE INDEX "job_runs_started_at_idx" ON "job_runs" USING btree ("started_at");
  CREATE INDEX "job_runs_status_idx" ON "job_runs" USING btree ("status");
  CREATE INDEX "job_runs_updated_at_idx" ON "job_runs" USING btree ("updated_at");
  CREATE INDEX "job_runs_created_at_idx" ON "job_runs" USING btree ("created_at");
  CREATE INDEX "jobName_startedAt_idx" ON "job_runs" USING btree ("job_name","started_at");
  CREATE INDEX "notifications_customer_idx" ON "notifications" USING btree ("customer_id");
  CREATE INDEX "notifications_template_idx" ON "notifications" USING btree ("template");
  CREATE INDEX "notifications_status_idx" ON "notifications" USING btree ("status");
  CREATE INDEX "notifications_provider_message_id_idx" ON "notifications" USING btree ("provider_message_id");
  CREATE INDEX "notifications_updated_at_idx" ON "notifications" USING btree ("updated_at");
  CREATE INDEX "notifications_created_at_idx" ON "notifications" USING btree ("created_at");
  CREATE INDEX "customer_createdAt_idx" ON "notifications" USING btree ("customer_id","created_at");
  CREATE INDEX "validation_errors_source_idx" ON "validation_errors" USING btree ("source");
  CREATE INDEX "validation_errors_resolved_idx" ON "validation_errors" USING btree ("resolved");
  CREATE INDEX "validation_errors_resolved_by_idx" ON "validation_errors" USING btree ("resolved_by_id");
  CREATE INDEX "validation_errors_updated_at_idx" ON "validation_errors" USING btree ("updated_at");
  CREATE INDEX "validation_errors_created_at_idx" ON "validation_errors" USING btree ("created_at");
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_consumer_orders_fk" FOREIGN KEY ("consumer_orders_id") REFERENCES "public"."consumer_orders"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_services_fk" FOREIGN KEY ("services_id") REFERENCES "public"."services"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_usage_records_fk" FOREIGN KEY ("usage_records_id") REFERENCES "public"."usage_records"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_service_suspensions_fk" FOREIGN KEY ("service_suspensions_id") REFERENCES "public"."service_suspensions"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_billing_accounts_fk" FOREIGN KEY ("billing_accounts_id") REFERENCES "public"."billing_accounts"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_invoices_fk" FOREIGN KEY ("invoices_id") REFERENCES "public"."invoices"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_payment_transactions_fk" FOREIGN KEY ("payment_transactions_id") REFERENCES "public"."payment_transactions"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_payment_methods_fk" FOREIGN KEY ("payment_methods_id") REFERENCES "public"."payment_methods"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_service_actions_fk" FOREIGN KEY ("service_actions_id") REFERENCES "public"."service_actions"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_job_runs_fk" FOREIGN KEY ("job_runs_id") REFERENCES "public"."job_runs"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_notifications_fk" FOREIGN KEY ("notifications_id") REFERENCES "public"."notifications"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_validation_errors_fk" FOREIGN KEY ("validation_errors_id") REFERENCES "public"."validation_errors"("id") ON DELETE cascade ON UPDATE no action;
  CREATE UNIQUE INDEX "customers_account_number_idx" ON "customers" USING btree ("account_number");
  CREATE INDEX "customers_account_status_idx" ON "customers" USING btree ("account_status");
  CREATE INDEX "customers_account_type_idx" ON "customers" USING btree ("account_type");
  CREATE INDEX "payload_locked_documents_rels_consumer_orders_id_idx" ON "payload_locked_documents_rels" USING btree ("consumer_orders_id");
  CREATE INDEX "payload_locked_documents_rels_services_id_idx" ON "payload_locked_documents_rels" USING btree ("services_id");
  CREATE INDEX "payload_locked_documents_rels_usage_records_id_idx" ON "payload_locked_documents_rels" USING btree ("usage_records_id");
  CREATE INDEX "payload_locked_documents_rels_service_suspensions_id_idx" ON "payload_locked_documents_rels" USING btree ("service_suspensions_id");
  CREATE INDEX "payload_locked_documents_rels_billing_accounts_id_idx" ON "payload_locked_documents_rels" USING btree ("billing_accounts_id");
  CREATE INDEX "payload_locked_documents_rels_invoices_id_idx" ON "payload_locked_documents_rels" USING btree ("invoices_id");
  CREATE INDEX "payload_locked_documents_rels_payment_transactions_id_idx" ON "payload_locked_documents_rels" USING btree ("payment_transactions_id");
  CREATE INDEX "payload_locked_documents_rels_payment_methods_id_idx" ON "payload_locked_documents_rels" USING btree ("payment_methods_id");
  CREATE INDEX "payload_locked_documents_rels_service_actions_id_idx" ON "payload_locked_documents_rels" USING btree ("service_actions_id");
  CREATE INDEX "payload_locked_documents_rels_job_runs_id_idx" ON "payload_locked_documents_rels" USING btree ("job_runs_id");
  CREATE INDEX "payload_locked_documents_rels_notifications_id_idx" ON "payload_locked_documents_rels" USING btree ("notifications_id");
  CREATE INDEX "payload_locked_documents_rels_validation_errors_id_idx" ON "payload_locked_documents_rels" USING btree ("validation_errors_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "consumer_orders" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "services" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "usage_records" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "service_suspensions" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "billing_accounts" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "invoices_lines" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "invoices" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "payment_transactions" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "payment_methods" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "service_actions" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "job_runs" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "notifications" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "validation_errors" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "consumer_orders" CASCADE;
  DROP TABLE "services" CASCADE;
  DROP TABLE "usage_records" CASCADE;
  DROP TABLE "service_suspensions" CASCADE;
  DROP TABLE "billing_accounts" CASCADE;
  DROP TABLE "invoices_lines" CASCADE;
  DROP TABLE "invoices" CASCADE;
  DROP TABLE "payment_transactions" CASCADE;
  DROP TABLE "payment_methods" CASCADE;
  DROP TABLE "service_actions" CASCADE;
  DROP TABLE "job_runs" CASCADE;
  DROP TABLE "notifications" CASCADE;
  DROP TABLE "validation_errors" CASCADE;
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_consumer_orders_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_services_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_usage_records_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_service_suspensions_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_billing_accounts_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_invoices_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_payment_transactions_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_payment_methods_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_service_actions_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_job_runs_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_notifications_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_validation_errors_fk";
  
  DROP INDEX "customers_account_number_idx";
  DROP INDEX "customers_account_status_idx";
  DROP INDEX "customers_account_type_idx";
  DROP INDEX "payload_locked_documents_rels_consumer_orders_id_idx";
  DROP INDEX "payload_locked_documents_rels_services_id_idx";
  DROP INDEX "payload_locked_documents_rels_usage_records_id_idx";
  DROP INDEX "payload_locked_documents_rels_service_suspensions_id_idx";
  DROP INDEX "payload_locked_documents_rels_billing_accounts_id_idx";
  DROP INDEX "payload_locked_documents_rels_invoices_id_idx";
  DROP INDEX "payload_locked_documents_rels_payment_transactions_id_idx";
  DROP INDEX "payload_locked_documents_rels_payment_methods_id_idx";
  DROP INDEX "payload_locked_documents_rels_service_actions_id_idx";
  DROP INDEX "payload_locked_documents_rels_job_runs_id_idx";
  DROP INDEX "payload_locked_documents_rels_notifications_id_idx";
  DROP INDEX "payload_locked_documents_rels_validation_errors_id_idx";
  ALTER TABLE "customers" DROP COLUMN "account_number";
  ALTER TABLE "customers" DROP COLUMN "account_status";
  ALTER TABLE "customers" DROP COLUMN "account_type";
  ALTER TABLE "customers" DROP COLUMN "company_name";
  ALTER TABLE "customers" DROP COLUMN "mobile";
  ALTER TABLE "customers" DROP COLUMN "id_number";
  ALTER TABLE "customers" DROP COLUMN "postal_address_line1";
  ALTER TABLE "customers" DROP COLUMN "postal_address_line2";
  ALTER TABLE "customers" DROP COLUMN "postal_address_suburb";
  ALTER TABLE "customers" DROP COLUMN "postal_address_city";
  ALTER TABLE "customers" DROP COLUMN "postal_address_province";
  ALTER TABLE "customers" DROP COLUMN "postal_address_postal_code";
  ALTER TABLE "customers" DROP COLUMN "customer_since";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "consumer_orders_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "services_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "usage_records_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "service_suspensions_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "billing_accounts_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "invoices_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "payment_transactions_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "payment_methods_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "service_actions_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "job_runs_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "notifications_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "validation_errors_id";
  DROP TYPE "public"."enum_customers_account_status";
  DROP TYPE "public"."enum_customers_account_type";
  DROP TYPE "public"."enum_customers_postal_address_province";
  DROP TYPE "public"."enum_consumer_orders_status";
  DROP TYPE "public"."enum_services_type";
  DROP TYPE "public"."enum_services_status";
  DROP TYPE "public"."enum_usage_records_source";
  DROP TYPE "public"."enum_service_suspensions_suspension_type";
  DROP TYPE "public"."enum_invoices_lines_kind";
  DROP TYPE "public"."enum_invoices_status";
  DROP TYPE "public"."enum_invoices_kind";
  DROP TYPE "public"."enum_payment_transactions_currency";
  DROP TYPE "public"."enum_payment_transactions_status";
  DROP TYPE "public"."enum_payment_methods_type";
  DROP TYPE "public"."enum_payment_methods_mandate_status";
  DROP TYPE "public"."enum_service_actions_action";
  DROP TYPE "public"."enum_service_actions_previous_status";
  DROP TYPE "public"."enum_service_actions_new_status";
  DROP TYPE "public"."enum_job_runs_status";
  DROP TYPE "public"."enum_notifications_channel";
  DROP TYPE "public"."enum_notifications_status";`)
}
