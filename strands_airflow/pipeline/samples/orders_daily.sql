-- Revenue per customer over the sample orders, with the customer's contact data.
SELECT
    c.customer_id,
    c.name,
    c.email,
    c.country,
    count(*) AS order_count,
    sum(o.quantity) AS total_quantity,
    round(sum(o.amount), 2) AS total_amount,
    max(o.updated_at) AS updated_at
FROM orders AS o
INNER JOIN customers AS c
    ON o.customer_id = c.customer_id
WHERE o.status <> 'cancelled'
GROUP BY c.customer_id, c.name, c.email, c.country
